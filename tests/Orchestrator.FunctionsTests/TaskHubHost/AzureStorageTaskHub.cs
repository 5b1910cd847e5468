using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.TaskHubHost;

/// <summary>
/// One process of a task hub on the Azure Storage backend: the SDK's gRPC sidecar over AzureStorageOrchestrationService
/// (history and instances in tables, work items in queues, large messages in blobs) and a Durable Task worker running
/// the app's functions. Sidecar and worker live and die together: the sidecar waits on in-flight activities with no
/// timeout, so a worker restarted alone would never get them back.
/// </summary>
public static class AzureStorageTaskHub
{
    /// <summary>
    /// A task hub that recovers from a killed process in seconds: queue messages reappear after their visibility timeout
    /// (5 minutes by default), and a fixed worker id finds its own partitions at once instead of waiting out their lease.
    /// The work-item timeout must outlast the slowest activity: the sidecar does not renew it.
    /// </summary>
    public static AzureStorageOrchestrationServiceSettings Settings(string connectionString, string hubName) => new()
    {
        TaskHubName = hubName,
        StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
        WorkerId = "functions-tests",
        PartitionCount = 1,
        ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(8),
        WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(20),
        LeaseInterval = TimeSpan.FromSeconds(8),
        LeaseRenewInterval = TimeSpan.FromSeconds(3),
        LeaseAcquireInterval = TimeSpan.FromSeconds(2),
        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>
    /// Starts sidecar and worker on 127.0.0.1:<paramref name="port"/>, the worker versioned as <paramref name="versioning"/>
    /// says; they run until disposed or killed.
    /// </summary>
    public static async Task<IAsyncDisposable> StartAsync(
        int port, AzureStorageOrchestrationServiceSettings settings, IConfiguration configuration, HostVersioning versioning)
    {
        var service = new AzureStorageOrchestrationService(settings);
        await service.CreateIfNotExistsAsync();

        var sidecar = WebApplication.CreateSlimBuilder();
        sidecar.Logging.SetMinimumLevel(LogLevel.Warning);
        sidecar.WebHost.ConfigureKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.Protocols = HttpProtocols.Http2));
        sidecar.Services.AddGrpc();
        sidecar.Services.AddSingleton<IOrchestrationService>(new SidecarSafeService(service));
        sidecar.Services.AddSingleton<IOrchestrationServiceClient>(service);
        sidecar.Services.AddSingleton<TaskHubGrpcServer>();
        var app = sidecar.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync();

        var worker = Host.CreateApplicationBuilder();
        worker.Logging.SetMinimumLevel(LogLevel.Warning);
        worker.Services.AddAppServices(configuration, versioning);
        worker.Services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc($"http://127.0.0.1:{port}");
            builder.AddTasks(AppFunctions.Register);
        });
        var host = worker.Build();
        await host.StartAsync();
        return new Running(app, host);
    }

    sealed class Running(WebApplication sidecar, IHost worker) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await worker.StopAsync();
            worker.Dispose();
            await sidecar.StopAsync();
            await sidecar.DisposeAsync();
        }
    }
}

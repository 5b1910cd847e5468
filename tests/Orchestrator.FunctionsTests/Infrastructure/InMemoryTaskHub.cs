using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.TaskHubHost;

namespace Orchestrator.FunctionsTests.Infrastructure;

/// <summary>
/// The Durable Task SDK's in-process test host (its gRPC sidecar over an in-memory backend) running the Functions app's
/// orchestrator and activity functions, with the app's services and serializer.
/// </summary>
static class InMemoryTaskHub
{
    static InMemoryTaskHub() => Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");

    public static Task<DurableTaskTestHost> StartAsync(IConfiguration configuration, Action<IServiceCollection>? services = null,
        Action<DurableTaskRegistry>? more = null) =>
        DurableTaskTestHost.StartAsync(registry =>
        {
            AppFunctions.Register(registry);
            more?.Invoke(registry);
        }, new DurableTaskTestHostOptions
        {
            Port = FreePort(),
            ConfigureServices = s =>
            {
                s.AddAppServices(configuration);
                services?.Invoke(s);
            },
        });

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

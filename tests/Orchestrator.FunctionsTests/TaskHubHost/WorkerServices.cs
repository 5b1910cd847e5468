using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Functions;

namespace Orchestrator.TaskHubHost;

/// <summary>
/// A worker's services as the Functions app registers them (<see cref="FunctionServices"/>), with the Durable data
/// converter the Functions extension builds over WorkerOptions.Serializer, for the worker and its clients alike, and the
/// orchestration versioning the Functions host reads from host.json (<see cref="HostVersioning"/>).
/// </summary>
public static class WorkerServices
{
    const string ShimType = "Microsoft.Azure.Functions.Worker.Extensions.DurableTask.ObjectConverterShim, " +
        "Microsoft.Azure.Functions.Worker.Extensions.DurableTask";

    /// <summary>The app's services; <paramref name="versioning"/> stands in for another release's host.json (default: ours).</summary>
    public static IServiceCollection AddAppServices(this IServiceCollection services, IConfiguration configuration,
        HostVersioning? versioning = null)
    {
        services.AddSingleton(configuration);
        services.AddMigrationFunctions();
        ConvertWith<DurableTaskWorkerOptions>(services, (o, c) => o.DataConverter = c);
        ConvertWith<GrpcDurableTaskWorkerOptions>(services, (o, c) => o.DataConverter = c);
        ConvertWith<DurableTaskClientOptions>(services, (o, c) => o.DataConverter = c);
        ConvertWith<GrpcDurableTaskClientOptions>(services, (o, c) => o.DataConverter = c);
        var host = versioning ?? HostVersioning.Published;
        Configure<DurableTaskWorkerOptions>(services, o => o.Versioning = host.Worker);
        Configure<GrpcDurableTaskWorkerOptions>(services, o =>
        {
            o.Versioning = host.Worker;
            // The host checks the versions of orchestrations only (DurableTask.Core's orchestration dispatcher); activities run
            // whatever version scheduled them. The SDK's worker would check them too, and with Fail drop a refused one unanswered.
            o.ConfigureVersioningExemptions([], AppFunctions.Activities);
        });
        Configure<DurableTaskClientOptions>(services, o => o.DefaultVersion = host.DefaultVersion);
        Configure<GrpcDurableTaskClientOptions>(services, o => o.DefaultVersion = host.DefaultVersion);
        return services;
    }

    /// <summary>The extension's own shim from ObjectSerializer to DataConverter (internal to Worker.Extensions.DurableTask).</summary>
    public static DataConverter Converter(ObjectSerializer serializer) =>
        (DataConverter)Activator.CreateInstance(Type.GetType(ShimType, throwOnError: true)!, serializer)!;

    static void Configure<TOptions>(IServiceCollection services, Action<TOptions> configure) where TOptions : class =>
        services.AddSingleton<IConfigureOptions<TOptions>>(new ConfigureNamedOptions<TOptions>(null, configure));

    static void ConvertWith<TOptions>(IServiceCollection services, Action<TOptions, DataConverter> set) where TOptions : class =>
        services.AddSingleton<IConfigureOptions<TOptions>>(sp => new ConfigureNamedOptions<TOptions>(null,
            options => set(options, Converter(sp.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!))));
}

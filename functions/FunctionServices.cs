using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Hosting;
using Orchestrator.Functions.Durable;

namespace Orchestrator.Functions;

/// <summary>What the function classes need, registered in one place: Program.cs calls this, and so do the tests.</summary>
public static class FunctionServices
{
    public static IServiceCollection AddMigrationFunctions(this IServiceCollection services)
    {
        // The Durable extension wraps WorkerOptions.Serializer as its DataConverter: orchestration inputs (GetInput),
        // activity inputs and outputs, custom status and HTTP bodies all read and write the project's JSON.
        services.Configure<WorkerOptions>(options => options.Serializer = DurableJson.Serializer);

        // The engine: connections from configuration (app settings, Key Vault references), services, every activity by name.
        services.AddSingleton(TimeProvider.System);
        services.AddMigrationEngine();
        services.AddSingleton<CoreActivities>();
        return services;
    }
}

using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Connections;
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

        // Core: connections from configuration (app settings, Key Vault references), services, every activity by name.
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ConnectionResolver(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new MigrationServices(sp.GetRequiredService<ConnectionResolver>()));
        services.AddSingleton(sp => ActivityCatalog.Create(sp.GetRequiredService<MigrationServices>()));
        services.AddSingleton<CoreActivities>();
        return services;
    }
}

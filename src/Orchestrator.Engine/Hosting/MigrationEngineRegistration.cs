using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Telemetry;

namespace Orchestrator.Core.Hosting;

/// <summary>
/// The engine as both hosts register it: connections from the host's configuration, the services activities share,
/// and every activity by name. Oracle's provider comes with the engine when it is built with -p:WithOracle=true.
/// </summary>
public static class MigrationEngineRegistration
{
    /// <param name="progress">Where the host shows progress (the CLI's renderer reads it); none for a host that does not.</param>
    /// <param name="spoolDirectory">Local copies of blob-staged chunks, for a host that runs every activity itself; removed on
    /// dispose.</param>
    public static IServiceCollection AddMigrationEngine(this IServiceCollection services, ProgressBoard? progress = null,
        string? spoolDirectory = null)
    {
        services.AddSingleton(sp => new ConnectionResolver(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new MigrationServices(sp.GetRequiredService<ConnectionResolver>(), progress, spoolDirectory));
        services.AddSingleton(sp => ActivityCatalog.Create(sp.GetRequiredService<MigrationServices>()));
        return services;
    }
}

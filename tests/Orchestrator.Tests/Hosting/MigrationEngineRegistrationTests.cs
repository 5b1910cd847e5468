using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Telemetry;

namespace Orchestrator.Tests.Hosting;

public class MigrationEngineRegistrationTests
{
    [Fact]
    public async Task The_engine_registers_connections_from_configuration_its_services_and_every_activity()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Legacy"] = "Host=legacy" }).Build();
        var progress = new ProgressBoard();
        var spool = Directory.CreateTempSubdirectory("engine-spool-").FullName;
        var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration)
            .AddMigrationEngine(progress, spool).BuildServiceProvider();

        var services = provider.GetRequiredService<MigrationServices>();
        Assert.Same(progress, services.Progress);
        Assert.Same(provider.GetRequiredService<ConnectionResolver>(), services.Connections);
        Assert.Equal("Host=legacy", services.Connections.Resolve("Legacy", "source.connection"));
        var activities = provider.GetRequiredService<IReadOnlyDictionary<string, IWorkflowActivity>>();
        Assert.Equal(ActivityCatalog.Create(services).Keys.Order(), activities.Keys.Order());

        await provider.DisposeAsync();
        Assert.False(Directory.Exists(spool)); // the spool goes with the engine's services
    }
}

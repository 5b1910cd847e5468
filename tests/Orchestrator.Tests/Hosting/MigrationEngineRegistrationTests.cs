using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Spec;
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

    [Fact]
    public async Task The_spec_target_kind_chooses_the_DDL_that_plan_and_assess_show()
    {
        await using var services = new MigrationServices(new ConnectionResolver(new ConfigurationBuilder().Build()));
        var catalog = new SourceCatalog
        {
            Dialect = "sqlserver", Database = "d", ServerVersion = "16",
            Tables =
            [
                new TableInfo
                {
                    Name = new("app", "t"), Columns = [new() { Name = "id", DataType = "integer", Family = TypeFamily.Other }],
                },
            ],
        };
        var spec = new MigrationSpec { Source = new() { Dialect = "sqlserver", Connection = "S" }, Target = new() { Connection = "T" } };

        Assert.Contains("CREATE TABLE IF NOT EXISTS \"app\".\"t\" (\n  \"id\" integer\n);", services.TargetDdl(spec).Script(catalog));
        var unknown = Assert.Throws<SpecException>(() => services.TargetDdl(spec with { Target = spec.Target with { Kind = "mysql" } }));
        Assert.Equal(["target.kind: unknown kind 'mysql' (expected one of postgres)"], unknown.Problems);
    }
}

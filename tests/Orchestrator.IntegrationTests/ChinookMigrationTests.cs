using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>A real public dataset (Chinook, from ../shared/datasets) through the command-line host.</summary>
public class ChinookMigrationTests
{
    [Fact]
    public async Task Chinook_migrates_through_the_migrator_command_and_validates()
    {
        TestServers.RequirePostgres();
        var script = SampleSources.ChinookScript();
        if (script is null) Assert.Skip("../shared/datasets/chinook/Chinook_PostgreSql.sql not found beside the repository");
        await using var scenario = await Scenario.CreateAsync("chinook", script!);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);

        var run = await migrations.RunCliAsync(
            "migrate", "--spec", migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 500)), "--id", "chinook");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("PASSED", run.Stdout);
        Assert.Contains("public.invoice_line", run.Stdout);
        await DatabaseAssert.SameRowsAsync(source, target);
        await DatabaseAssert.SameStructureAsync(source, target);
        Assert.Equal(2240L, await target.ScalarAsync<long>("SELECT count(*) FROM public.invoice_line"));
    }
}

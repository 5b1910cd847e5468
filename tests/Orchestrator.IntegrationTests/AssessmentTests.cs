using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>`migrator assess` reads the source only, and tells what it holds and what it will become.</summary>
public class AssessmentTests
{
    [Fact]
    public async Task Assess_writes_the_inventory_and_touches_nothing_else()
    {
        await using var scenario = await Scenario.CreateAsync("assess", SampleSources.Orders);
        var migrations = scenario.Migrations;
        migrations.Connections.Remove("Modern"); // no target yet: an assessment must not need one
        var outDir = Path.Combine(migrations.StagingRoot, "assessment");

        var run = await migrations.RunCliAsync(
            "assess", "--spec", migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 30_000)), "--out", outDir);

        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "assessment.json")));
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        Assert.Equal(["shop.customers", "shop.events", "shop.orders"], tables.Keys.Order());
        var orders = tables["shop.orders"];
        Assert.Equal("id", orders.GetProperty("primaryKey").GetString());
        Assert.Equal(1, orders.GetProperty("foreignKeys").GetInt32());
        Assert.Equal("integer-key", orders.GetProperty("chunkStrategy").GetString());
        Assert.InRange(orders.GetProperty("chunks").GetInt32(), 3, 6);
        Assert.Contains(orders.GetProperty("columns").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "amount" && c.GetProperty("targetType").GetString() == "numeric(12,2)");
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"shop\".\"orders\"", json.RootElement.GetProperty("targetDdl").GetString());
        var markdown = File.ReadAllText(Path.Combine(outDir, "assessment.md"));
        Assert.Contains("| shop.orders | 120,000 |", markdown);
        Assert.False(Directory.Exists(Path.Combine(migrations.StagingRoot, "plan")));
        Assert.Equal(0L, await scenario.Target.ScalarAsync<long>(
            "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"));
    }
}

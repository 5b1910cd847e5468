using Orchestrator.Core.Workflow;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>Validation finds what differs: a changed value, a missing row, an extra row, each named in the report.</summary>
public class ValidationTests
{
    [Fact]
    public async Task Tampered_target_rows_fail_validation_with_the_chunk_and_measure_named()
    {
        await using var scenario = await Scenario.CreateAsync("val", SampleSources.Orders);
        var (target, migrations) = (scenario.Target, scenario.Migrations);
        var specJson = migrations.SpecJson(rowsPerChunk: 20_000);
        Assert.True((await migrations.RunAsync(specJson, "val")).Passed);

        var clean = await migrations.RunCliAsync("validate", "--spec", migrations.WriteSpec(specJson), "--id", "val");
        Assert.True(clean.ExitCode == 0, clean.ToString());

        await target.ExecuteAsync("""
            UPDATE shop.orders SET amount = amount + 0.01 WHERE id = 50000;
            DELETE FROM shop.customers WHERE id = 7 AND NOT EXISTS (SELECT 1 FROM shop.orders WHERE customer_id = 7);
            ALTER TABLE shop.orders DROP CONSTRAINT IF EXISTS orders_customer_id_fkey;
            DELETE FROM shop.customers WHERE id = 7;
            INSERT INTO shop.events VALUES ('intruder', now(), 1);
            """);
        var run = await migrations.RunCliAsync("validate", "--spec", migrations.WriteSpec(specJson), "--id", "val");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("DIFFERENCES FOUND", run.Stdout);
        Assert.Contains("aggregate amount.sum: source", run.Stdout);
        Assert.Matches(@"digest t\d{4}-shop\.orders/c\d{5}: extracted", run.Stdout);
        Assert.Contains("aggregate rows: source 2000, target 1999", run.Stdout);
        Assert.Contains("digest (whole table): extracted 60000 rows", run.Stdout);
        Assert.Contains("target has 60001 rows", run.Stdout);
    }
}

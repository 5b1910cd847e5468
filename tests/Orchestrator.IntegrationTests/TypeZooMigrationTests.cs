using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Every built-in type family, odd identifiers, keys, partitions and sequences survive PostgreSQL -> PostgreSQL unchanged.
/// </summary>
public class TypeZooMigrationTests
{
    // last_value and is_called: a sequence that was set but never used must stay that way.
    const string Sequences = """
        SELECT s.schemaname || '.' || s.sequencename || ' ' ||
               (xpath('/row/v/text()', query_to_xml(format('SELECT last_value || '' '' || is_called AS v FROM %I.%I',
                   s.schemaname, s.sequencename), false, false, '')))[1]::text
        FROM pg_sequences s WHERE s.schemaname <> '_migrator' ORDER BY 1
        """;

    [Fact]
    public async Task Type_zoo_migrates_identically_through_local_staging_and_a_rerun_changes_nothing()
    {
        await using var scenario = await Scenario.CreateAsync("zoo", Scenario.Fixture("type_zoo.sql"));
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var spec = migrations.SpecJson(rowsPerChunk: 40_000);

        var result = await migrations.RunAsync(spec, "zoo1");

        Assert.True(result.Passed, File.ReadAllText(Path.Combine(migrations.StagingRoot, "zoo1", "report.md")));
        await DatabaseAssert.SameRowsAsync(source, target);
        await DatabaseAssert.SameStructureAsync(source, target);
        Assert.Equal(await source.StringsAsync(Sequences), await target.StringsAsync(Sequences));
        Assert.True(await target.ScalarAsync<long>("SELECT count(*) FROM _migrator.load_ledger WHERE migration_id = 'zoo1'") > 5);

        var ledger = await target.ScalarAsync<long>("SELECT count(*) FROM _migrator.load_ledger");
        var again = await migrations.RunAsync(spec, "zoo1");
        Assert.True(again.Passed);
        Assert.Equal(ledger, await target.ScalarAsync<long>("SELECT count(*) FROM _migrator.load_ledger"));
        await DatabaseAssert.SameRowsAsync(source, target);
    }

    [Fact]
    public async Task Type_zoo_migrates_identically_through_azurite_blob_staging()
    {
        TestServers.RequireBlob();
        await using var scenario = await Scenario.CreateAsync("zoob", Scenario.Fixture("type_zoo.sql"));
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);

        var result = await migrations.RunAsync(
            migrations.SpecJson(rowsPerChunk: 100_000, staging: Migrations.BlobStaging("zoo-tests")), $"zoo-blob-{Guid.NewGuid():N}");

        Assert.True(result.Passed);
        Assert.StartsWith("http://127.0.0.1", result.ReportLocation);
        await DatabaseAssert.SameRowsAsync(source, target);
        await DatabaseAssert.SameStructureAsync(source, target);
    }
}

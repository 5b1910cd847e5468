using System.Diagnostics;
using Npgsql;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

[CollectionDefinition(nameof(ServerFaults), DisableParallelization = true)]
public sealed class ServerFaults;

/// <summary>
/// Faults in the middle of a migration, each followed by a target identical to the source: connections killed
/// during COPY, the PostgreSQL server restarted, the blob endpoint away for a while. These restart shared servers,
/// so they run alone.
/// </summary>
[Collection(nameof(ServerFaults))]
public class FaultTests
{
    /// <summary>
    /// Either end of the pipeline failing: the target's COPY connections, or the source's mid-extract, killed and retried.
    /// </summary>
    [Theory]
    [InlineData("target", "COPY %FROM STDIN%")]
    [InlineData("source", "COPY %TO STDOUT%")]
    public async Task Connections_killed_during_copy_are_retried_and_the_result_is_exact(string side, string query)
    {
        await using var scenario = await Scenario.CreateAsync("fault_kill", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var run = migrations.RunAsync(migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 3), "fault-kill");

        var killed = 0;
        var clock = Stopwatch.StartNew();
        var database = side == "target" ? scenario.Target.Name : scenario.Source.Name;
        while (!run.IsCompleted && killed < 3 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            killed += await TerminateAsync(database, query);
            await Task.Delay(killed == 0 ? 5 : 300);
        }
        var result = await run;

        Assert.True(killed > 0, $"no {side} COPY was caught in flight");
        Assert.True(result.Passed);
        await DatabaseAssert.SameRowsLoadedOnceAsync(scenario.Source, scenario.Target);
    }

    [Fact]
    public async Task A_restart_of_the_postgresql_server_mid_run_is_survived()
    {
        var data = Environment.GetEnvironmentVariable("ORCH_TEST_PG_DATA");
        var bin = Environment.GetEnvironmentVariable("ORCH_TEST_PG_BIN");
        if (data is null || bin is null)
            Assert.Skip("ORCH_TEST_PG_DATA / ORCH_TEST_PG_BIN not set: run through eng/test to restart the server");
        await using var scenario = await Scenario.CreateAsync("fault_restart", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var run = migrations.RunAsync(migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 2), "fault-restart");

        // Restart once some chunks are in: the run is then between chunks or inside one.
        var clock = Stopwatch.StartNew();
        while (!run.IsCompleted && await LedgerRowsAsync(scenario.Target) < 3 && clock.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(20);
        Assert.False(run.IsCompleted, "the migration finished before the restart could happen");
        await SystemCommand.MustAsync(
            "runuser", "-u", "postgres", "--", Path.Combine(bin!, "pg_ctl"), "-D", data!, "-m", "fast", "-w", "restart");
        var result = await run;

        Assert.True(result.Passed);
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
    }

    [Fact]
    public async Task The_blob_endpoint_going_away_for_a_while_is_survived()
    {
        var azurite = AzuriteProcess.Require();
        await using var scenario = await Scenario.CreateAsync("fault_blob", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var run = migrations.RunAsync(
            migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 2, staging: Migrations.BlobStaging("faults")),
            $"fault-blob-{Guid.NewGuid():N}");

        var clock = Stopwatch.StartNew();
        while (!run.IsCompleted && await LedgerRowsAsync(scenario.Target) < 2 && clock.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(20);
        Assert.False(run.IsCompleted, "the migration finished before the blob endpoint could be stopped");
        await azurite.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await azurite.StartAsync();
        var result = await run;

        Assert.True(result.Passed);
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
    }

    static async Task<int> TerminateAsync(string database, string queryPattern)
    {
        await using var admin = new NpgsqlConnection(TestServers.RequirePostgres());
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity " +
            "WHERE datname = $1 AND query LIKE $2 AND pid <> pg_backend_pid()", admin);
        command.Parameters.Add(new() { Value = database });
        command.Parameters.Add(new() { Value = queryPattern });
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task<long> LedgerRowsAsync(TestDatabase target)
    {
        try { return await target.ScalarAsync<long>("SELECT count(*) FROM _migrator.load_ledger"); }
        catch (Exception e) when (e is PostgresException or NpgsqlException) { return 0; }
    }
}

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
    [Fact]
    public async Task Target_connections_killed_during_copy_are_retried_and_the_result_is_exact()
    {
        await using var scenario = await Scenario.CreateAsync("fault_kill", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var run = migrations.RunAsync(migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 3), "fault-kill");

        var killed = 0;
        var clock = Stopwatch.StartNew();
        while (!run.IsCompleted && killed < 3 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            killed += await TerminateAsync(scenario.Target.Name, "COPY %FROM STDIN%");
            await Task.Delay(killed == 0 ? 10 : 300);
        }
        var result = await run;

        Assert.True(killed > 0, "no COPY was caught in flight");
        Assert.True(result.Passed);
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
    }

    [Fact]
    public async Task A_restart_of_the_postgresql_server_mid_run_is_survived()
    {
        var data = Environment.GetEnvironmentVariable("ORCH_TEST_PG_DATA");
        var bin = Environment.GetEnvironmentVariable("ORCH_TEST_PG_BIN");
        if (data is null || bin is null) Assert.Skip("ORCH_TEST_PG_DATA / ORCH_TEST_PG_BIN not set: run through eng/test to restart the server");
        await using var scenario = await Scenario.CreateAsync("fault_restart", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var run = migrations.RunAsync(migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 2), "fault-restart");

        // Restart once some chunks are in: the run is then between chunks or inside one.
        var clock = Stopwatch.StartNew();
        while (!run.IsCompleted && await LedgerRowsAsync(scenario.Target) < 3 && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
        Assert.False(run.IsCompleted, "the migration finished before the restart could happen");
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(bin!, "pg_ctl"), "-D", data!, "-m", "fast", "-w", "restart");
        var result = await run;

        Assert.True(result.Passed);
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
    }

    [Fact]
    public async Task The_blob_endpoint_going_away_for_a_while_is_survived()
    {
        TestServers.RequireBlob();
        var command = Environment.GetEnvironmentVariable("ORCH_TEST_AZURITE_CMD");
        var pid = Environment.GetEnvironmentVariable("ORCH_TEST_AZURITE_PID");
        var port = Environment.GetEnvironmentVariable("ORCH_TEST_BLOB_PORT");
        if (command is null || pid is null || port is null) Assert.Skip("Azurite restart variables not set: run through eng/test");
        await using var scenario = await Scenario.CreateAsync("fault_blob", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var run = migrations.RunAsync(migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 2, staging: Migrations.BlobStaging("faults")), $"fault-blob-{Guid.NewGuid():N}");

        var clock = Stopwatch.StartNew();
        while (!run.IsCompleted && await LedgerRowsAsync(scenario.Target) < 2 && clock.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
        Assert.False(run.IsCompleted, "the migration finished before the blob endpoint could be stopped");
        await StopAzuriteAsync(int.Parse(pid!), port!);
        await Task.Delay(TimeSpan.FromSeconds(3));
        StartAzurite(command!);
        var result = await run;

        Assert.True(result.Passed);
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
    }

    static async Task<int> TerminateAsync(string database, string queryPattern)
    {
        await using var admin = new NpgsqlConnection(TestServers.RequirePostgres());
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND query LIKE $2 AND pid <> pg_backend_pid()", admin);
        command.Parameters.Add(new() { Value = database });
        command.Parameters.Add(new() { Value = queryPattern });
        return (int)(long)(await command.ExecuteScalarAsync())!;
    }

    static async Task<long> LedgerRowsAsync(TestDatabase target)
    {
        try { return await target.ScalarAsync<long>("SELECT count(*) FROM _migrator.load_ledger"); }
        catch (Exception e) when (e is PostgresException or NpgsqlException) { return 0; }
    }

    // SIGTERM, so Azurite saves its state as a storage service keeps its data through an outage. It may have been
    // restarted by an earlier run of this test: stop whatever serves our port.
    static async Task StopAzuriteAsync(int pid, string port)
    {
        await RunAsync("sh", "-c", $"kill {pid} 2>/dev/null; for p in $(ss -Hltnp 'sport = :{port}' | grep -o 'pid=[0-9]*' | cut -d= -f2); do kill $p; done; true");
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10) && await PortOpenAsync(int.Parse(port))) await Task.Delay(100);
    }

    static void StartAzurite(string command)
    {
        var info = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec {command} >/dev/null 2>&1");
        Process.Start(info);
    }

    static async Task<bool> PortOpenAsync(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try { await client.ConnectAsync("127.0.0.1", port); return true; }
        catch (System.Net.Sockets.SocketException) { return false; }
    }

    static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {await error}");
    }
}

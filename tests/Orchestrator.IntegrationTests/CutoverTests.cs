using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Cutover with real PostgreSQL on both sides, run from another process while migrate's sync applies a write load:
/// the target ends identical to the source, compare finds nothing, and the report times the downtime window.
/// </summary>
public class CutoverTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Cutover_under_a_write_load_leaves_the_target_identical_and_the_reverse_sync_carries_writes_back()
    {
        await using var scenario = await Scenario.CreateAsync("cutover", SyncSources.Shop);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var spec = migrations.WriteSpec(SyncRun.Spec(migrations));
        await using (var running = await RunningSync.StartAsync(migrations, source, target, spec, "go", Patience))
        {
            await Task.Delay(2000);
            // Before the stop: the keys changed so far are compared while writes go on, and the result is kept.
            var prepare = await migrations.RunCliAsync("cutover", "--spec", spec, "--id", "go", "--prepare");
            Assert.True(prepare.ExitCode == 0, prepare.ToString());
            Assert.Contains("Cutover of go prepared", prepare.Stdout);
            Assert.True(File.Exists(Path.Combine(migrations.StagingRoot, "go", "cutover-precheck.json")));
            await running.Load.StopAsync(); // the application stops writing

            var cutover = await migrations.RunCliAsync("cutover", "--spec", spec, "--id", "go");
            Assert.True(cutover.ExitCode == 0, cutover.ToString());
            Assert.Contains("READY", cutover.Stdout);
            var (exit, stderr) = await running.ExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, $"migrate ended with {exit} after cutover: {stderr}");
        }
        await DatabaseAssert.SameRowsAsync(source, target);
        await DatabaseAssert.SameStructureAsync(source, target); // foreign keys added and validated at cutover
        Assert.Equal(0L, await source.ScalarAsync<long>("SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"));

        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(migrations.StagingRoot, "go", "cutover.json"))))
        {
            var root = report.RootElement;
            Assert.True(root.GetProperty("ready").GetBoolean());
            Assert.Equal(0, root.GetProperty("differences").GetInt64());
            var timeline = root.GetProperty("timeline");
            var stopped = timeline.GetProperty("writesStoppedUtc").GetDateTime();
            var caughtUp = timeline.GetProperty("caughtUpUtc").GetDateTime();
            var compared = timeline.GetProperty("comparedUtc").GetDateTime();
            var ready = timeline.GetProperty("readyUtc").GetDateTime();
            Assert.True(stopped <= caughtUp && caughtUp <= compared && compared <= ready,
                $"{stopped:o} {caughtUp:o} {compared:o} {ready:o}");
            Assert.True(timeline.GetProperty("precheckedUtc").GetDateTime() < stopped, "the kept pre-check is on the timeline");
            Assert.Equal((ready - stopped).TotalSeconds, timeline.GetProperty("downtimeSeconds").GetDouble(), 3);
        }
        var compare = await migrations.RunCliAsync("compare", "--spec", spec, "--id", "go");
        Assert.True(compare.ExitCode == 0, compare.ToString());

        // After cutover the application writes to the new database; the reverse sync keeps the legacy one current.
        await target.ExecuteAsync("""
            INSERT INTO shop.customers (id, name, notes) VALUES (-100, 'written after cutover', repeat('n', 5000));
            UPDATE shop.customers SET name = 'renamed after cutover' WHERE id = 3;
            DELETE FROM shop.orders WHERE id BETWEEN 100 AND 120;
            UPDATE shop.events SET n = -1 WHERE id = 7;
            """);
        using var reverse = migrations.StartCli("sync", "--spec", spec, "--id", "go", "--reverse");
        try
        {
            await WriteLoad.UntilAsync(() => SyncRun.ArrivedAsync(source, -100), Patience, "reverse sync applied", reverse);
        }
        finally
        {
            if (!reverse.HasExited) reverse.Kill(entireProcessTree: true);
            await reverse.WaitForExitAsync();
        }
        await DatabaseAssert.SameRowsAsync(target, source);
    }

    [Fact]
    public async Task Cutover_exits_1_on_differences_and_3_when_the_sync_cannot_catch_up_and_the_sync_goes_on()
    {
        await using var scenario = await Scenario.CreateAsync("cutoverdiff", SyncSources.Shop);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var spec = migrations.WriteSpec(SyncRun.Spec(migrations, ", \"compare\": { \"settleSeconds\": 1 }"));
        await using var running = await RunningSync.StartAsync(migrations, source, target, spec, "diff", Patience);
        await running.Load.StopAsync();
        // Rows the source does not hold: one whose key the sync changed, one it never touched (written outside the sync).
        const string changedKeys = "SELECT (k::text[])[1]::bigint FROM _migrator.sync_changed, unnest(keys) k " +
            "WHERE migration_id = 'diff' AND table_name = 'shop.orders'";
        const string state = "SELECT count(*) || ' ' || sum(amount) FROM shop.orders";
        await WriteLoad.UntilAsync(async () => await target.ScalarAsync<string>(state) == await source.ScalarAsync<string>(state)
            && await target.ScalarAsync<long>($"SELECT count(*) FROM shop.orders WHERE id IN ({changedKeys})") > 0,
            Patience, "the sync caught up with the load's changes of shop.orders", running.Migrate);
        var changed = await target.ScalarAsync<long>($"SELECT min(id) FROM shop.orders WHERE id IN ({changedKeys})");
        var untouched = await target.ScalarAsync<long>($"SELECT min(id) FROM shop.orders WHERE id NOT IN ({changedKeys})");
        await target.ExecuteAsync($"UPDATE shop.orders SET amount = -1 WHERE id IN ({changed}, {untouched})");

        // By default cutover compares the keys the sync changed (the load's digests vouch for the others) ...
        var cutover = await migrations.RunCliAsync("cutover", "--spec", spec, "--id", "diff");
        Assert.True(cutover.ExitCode == 1, cutover.ToString());
        Assert.Contains("NOT READY, compare found differences", cutover.Stdout);
        Assert.Equal(1, Differences(migrations, "diff"));
        Assert.Contains("of the keys the sync changed", cutover.Stdout);
        // ... and with --full-compare every row, so a write outside the sync shows too.
        var full = await migrations.RunCliAsync("cutover", "--spec", spec, "--id", "diff", "--full-compare");
        Assert.True(full.ExitCode == 1, full.ToString());
        Assert.Equal(2, Differences(migrations, "diff"));
        Assert.Contains("of every row:", full.Stdout);
        Assert.False(running.Migrate.HasExited, "the sync stopped although the cutover was not ready");
        Assert.Equal("differences", await target.ScalarAsync<string>("SELECT state FROM _migrator.cutover WHERE migration_id = 'diff'"));
        Assert.True(await SyncRun.SlotExistsAsync(source), "the slot went although the cutover was not ready");

        // With no sync running, nothing reaches the barrier: cutover gives up after --timeout, naming what to do.
        running.Migrate.Kill(entireProcessTree: true);
        await running.Migrate.WaitForExitAsync();
        var stuck = await migrations.RunCliAsync("cutover", "--spec", spec, "--id", "diff", "--timeout", "2");
        Assert.True(stuck.ExitCode == 3, stuck.ToString());
        Assert.Contains("the sync did not catch up within 2 s", stuck.Stderr);
        Assert.Contains("Is `migrator sync` running?", stuck.Stderr);
    }

    static long Differences(Migrations migrations, string id)
    {
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(migrations.StagingRoot, id, "cutover.json")));
        return report.RootElement.GetProperty("differences").GetInt64();
    }

    [Fact]
    public async Task Cutover_with_read_only_stops_the_writes_itself()
    {
        await using var scenario = await Scenario.CreateAsync("cutoverro", SyncSources.Shop);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var spec = migrations.WriteSpec(SyncRun.Spec(migrations));
        await using var running = await RunningSync.StartAsync(migrations, source, target, spec, "ro", Patience);

        // The application is still writing: --read-only ends its sessions and refuses new writes.
        var cutover = await migrations.RunCliAsync("cutover", "--spec", spec, "--id", "ro", "--read-only");
        Assert.True(cutover.ExitCode == 0, cutover.ToString());
        await WriteLoad.UntilAsync(() => Task.FromResult(running.Load.Failure is not null), TimeSpan.FromSeconds(10), "the load refused");
        Assert.Equal(0, (await running.ExitAsync(TimeSpan.FromSeconds(30))).ExitCode);
        await DatabaseAssert.SameRowsAsync(source, target);
        Assert.Equal("on", await source.ScalarAsync<string>("SHOW default_transaction_read_only"));
    }

    /// <summary>
    /// With --read-only, cutover first compares the keys changed so far while writes go on, then, in the window, only
    /// what changed after and what the pre-check left unsettled: a row that differed at the pre-check still fails it.
    /// </summary>
    [Fact]
    public async Task Cutover_with_read_only_prechecks_while_writes_run_and_a_row_the_precheck_found_different_still_fails_it()
    {
        await using var scenario = await Scenario.CreateAsync("cutoverpre", SyncSources.Shop);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var spec = migrations.WriteSpec(SyncRun.Spec(migrations, ", \"compare\": { \"settleSeconds\": 1 }"));
        await using var running = await RunningSync.StartAsync(migrations, source, target, spec, "pre", Patience);
        // An order the load inserted (ids from 10,000,001) is never written again: the sync will not mend it.
        const string inserted = "SELECT min(id) FROM shop.orders WHERE id > 10000000";
        await WriteLoad.UntilAsync(async () => await target.ScalarAsync<long?>(inserted) is not null, Patience, "an inserted order applied",
            running.Migrate);
        var tampered = await target.ScalarAsync<long>(inserted);
        await target.ExecuteAsync($"UPDATE shop.orders SET amount = -1 WHERE id = {tampered}");

        var cutover = await migrations.RunCliAsync("cutover", "--spec", spec, "--id", "pre", "--read-only");
        Assert.True(cutover.ExitCode == 1, cutover.ToString());
        Assert.Equal(1, Differences(migrations, "pre"));
        Assert.Contains("pre-check done (writes still running)", cutover.Stdout);
        var compare = await File.ReadAllTextAsync(Path.Combine(migrations.StagingRoot, "pre", "compare.md"));
        Assert.Contains("since the pre-check", compare);
    }
}

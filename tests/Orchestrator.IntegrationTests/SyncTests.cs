using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Change capture and apply with real PostgreSQL on both sides: a write load runs during the full load and after it,
/// and the target ends identical to the source with every change applied exactly once.
/// </summary>
public class SyncTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Changes_during_and_after_the_load_reach_the_target_exactly_once()
    {
        await using var scenario = await Scenario.CreateAsync("sync", SyncSources.Shop);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        migrations.Environment["XDG_STATE_HOME"] = Path.Combine(migrations.StagingRoot, "state");
        // The load starts once the slot exists, before the first chunk is read: every write it makes is captured.
        await using var running = await RunningSync.StartAsync(migrations, source, target,
            migrations.WriteSpec(SyncRun.Spec(migrations)), "live", Patience);
        await Task.Delay(2000);

        var status = await migrations.RunCliAsync("status", "--id", "live");
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Matches(@"lag: [\d,]+ changes, [\d,]+ bytes, [\d.]+ s", status.Stdout);

        await running.Load.StopAsync();
        Assert.True(running.Load.Transactions > 50, $"only {running.Load.Transactions} transactions ran");
        var expected = running.Load.Changes + await SyncRun.SentinelAsync(source, -1);
        await WriteLoad.UntilAsync(() => SyncRun.ArrivedAsync(target, -1), Patience, "sentinel applied", running.Migrate);

        await DatabaseAssert.SameRowsAsync(source, target);
        Assert.Equal(expected, await SyncRun.AppliedAsync(target, "live"));
        Assert.False(running.Migrate.HasExited, "migrate ended although no cutover was asked for");
    }

    [Fact]
    public async Task A_sync_killed_at_random_points_loses_and_doubles_no_change()
    {
        await using var scenario = await Scenario.CreateAsync("synckill", SyncSources.Shop);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var spec = migrations.WriteSpec(SyncRun.Spec(migrations));
        await using var load = await LoadThenStopAsync(migrations, source, target, spec, "kill");

        var seed = Environment.TickCount;
        var random = new Random(seed);
        var killed = 0;
        for (var round = 0; round < 12; round++)
        {
            using var sync = migrations.StartCli("sync", "--spec", spec, "--id", "kill");
            await Task.Delay(random.Next(800, 4000));
            if (sync.HasExited)
                Assert.Fail($"sync exited ({sync.ExitCode}) in round {round} (seed {seed}): {await sync.StandardError.ReadToEndAsync()}");
            sync.Kill(entireProcessTree: true); // SIGKILL: no chance to finish a batch or say goodbye
            await sync.WaitForExitAsync();
            killed++;
        }
        await load.StopAsync();
        var expected = load.Changes + await SyncRun.SentinelAsync(source, -1);

        using var last = migrations.StartCli("sync", "--spec", spec, "--id", "kill");
        try
        {
            await WriteLoad.UntilAsync(() => SyncRun.ArrivedAsync(target, -1), Patience, $"sentinel applied (seed {seed})", last);
        }
        finally
        {
            if (!last.HasExited) last.Kill(entireProcessTree: true);
            await last.WaitForExitAsync();
        }
        Assert.Equal(12, killed);
        await DatabaseAssert.SameRowsAsync(source, target);
        // Every change counted once: a batch applied twice would count twice, a lost one not at all.
        Assert.Equal(expected, await SyncRun.AppliedAsync(target, "kill"));
    }

    /// <summary>
    /// Runs migrate with sync until it applies changes under a running write load, then kills it: the load keeps
    /// going for the caller. The load started once capture did, so the sync must apply every change it counts.
    /// </summary>
    static async Task<WriteLoad> LoadThenStopAsync(Migrations migrations, TestDatabase source, TestDatabase target, string spec, string id)
    {
        var running = await RunningSync.StartAsync(migrations, source, target, spec, id, Patience);
        running.Migrate.Kill(entireProcessTree: true);
        await running.Migrate.WaitForExitAsync();
        running.Migrate.Dispose();
        return running.Load;
    }

    [Fact]
    public async Task A_column_added_during_sync_stops_it_naming_the_table_and_column()
    {
        await using var scenario = await Scenario.CreateAsync("syncddl", SyncSources.Shop);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var spec = migrations.WriteSpec(SyncRun.Spec(migrations));
        await (await LoadThenStopAsync(migrations, source, target, spec, "ddl")).DisposeAsync();

        using var sync = migrations.StartCli("sync", "--spec", spec, "--id", "ddl");
        var stderr = sync.StandardError.ReadToEndAsync();
        await source.ExecuteAsync("INSERT INTO shop.customers (id, name) VALUES (-7, 'before the change')");
        await WriteLoad.UntilAsync(() => SyncRun.ArrivedAsync(target, -7), Patience, "change before the DDL applied", sync);
        await source.ExecuteAsync("""
            BEGIN;
            INSERT INTO shop.customers (id, name) VALUES (-8, 'in the transaction that changes the table');
            ALTER TABLE shop.orders ADD COLUMN extra integer;
            INSERT INTO shop.orders (id, customer_id, placed_at, extra) VALUES (-9, 1, now(), 42);
            COMMIT;
            """);
        using (var timeout = new CancellationTokenSource(Patience)) await sync.WaitForExitAsync(timeout.Token);
        var message = await stderr;
        Assert.True(sync.ExitCode == 3, $"exit {sync.ExitCode}: {message}");
        Assert.Contains("source table shop.orders changed while the sync ran: column extra was added", message);
        // Nothing of the transaction that changed the table was applied, not even its other rows.
        Assert.False(await SyncRun.ArrivedAsync(target, -8));
        Assert.False(await SyncRun.HasRowAsync(target, "SELECT count(*) FROM shop.orders WHERE id = -9"));

        // Resumed, it stops again at once, before reading anything.
        var again = await migrations.RunCliAsync("sync", "--spec", spec, "--id", "ddl");
        Assert.True(again.ExitCode == 3, again.ToString());
        Assert.Contains("source table shop.orders changed since the migration read its catalog: column extra was added", again.Stderr);
    }

    [Fact]
    public async Task A_table_without_a_key_is_refused_by_name_unless_excluded()
    {
        await using var scenario = await Scenario.CreateAsync("synckeyless", SyncSources.Shop + """
            CREATE TABLE shop.audit (at timestamptz, what text);
            INSERT INTO shop.audit SELECT now(), 'x' FROM generate_series(1, 10);
            """);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var plan = await migrations.RunCliAsync("plan", "--spec", migrations.WriteSpec(SyncRun.Spec(migrations)));
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("shop.audit", plan.Stdout[plan.Stdout.IndexOf("without a primary key", StringComparison.Ordinal)..]);

        var refused = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(SyncRun.Spec(migrations)), "--id", "keyless");
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("table(s) without a primary key cannot be synced", refused.Stderr);
        Assert.Contains("shop.audit", refused.Stderr);
        Assert.False(await SyncRun.SlotExistsAsync(source), "a refused sync left a replication slot behind");

        var excluded = SyncRun.Spec(migrations).Replace("\"exclude\": []", "\"exclude\": [\"shop.audit\"]");
        await (await LoadThenStopAsync(migrations, source, target, migrations.WriteSpec(excluded), "keyed")).DisposeAsync();
    }

    [Fact]
    public async Task Rules_apply_to_changed_rows_as_to_loaded_ones()
    {
        await using var scenario = await Scenario.CreateAsync("syncrules", """
            CREATE SCHEMA ml;
            CREATE TABLE ml.items (id bigint PRIMARY KEY, body text, emb text, email text, big bytea);
            ALTER TABLE ml.items ALTER COLUMN big SET STORAGE EXTERNAL; -- its 6,400-byte values are TOASTed
            INSERT INTO ml.items SELECT g, format('{"n": %s}', g), format('[%s, %s, %s]', g, g + 1, g % 7), 'user' || g || '@example.com',
                decode(repeat(md5(g::text), CASE WHEN g % 10 = 0 THEN 400 ELSE 2 END), 'hex') FROM generate_series(1, 2000) g;
            """);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        const string rules = """
            , "rules": [
              { "table": "ml.items", "column": "emb", "vector": { "from": "json", "dimensions": 3, "index": "none" } },
              { "table": "ml.items", "column": "email", "pii": { "transform": "redact" } },
              { "table": "ml.items", "column": "body", "document": { "as": "jsonb", "invalid": "reject" } } ]
            """;
        var spec = migrations.WriteSpec(SyncRun.Spec(migrations, rules));
        using var migrate = migrations.StartCli("migrate", "--spec", spec, "--id", "rules");
        try
        {
            await WriteLoad.UntilAsync(async () => await SyncRun.AppliedAsync(target, "rules") >= 0 || await SyncRun.HasRowAsync(target,
                "SELECT count(*) FROM _migrator.load_ledger WHERE migration_id = 'rules'") && await SyncRun.HasRowAsync(target,
                "SELECT count(*) FROM pg_constraint WHERE conname = 'items_pkey'"), Patience, "full load done", migrate);
            await source.ExecuteAsync("""
                INSERT INTO ml.items SELECT g, '{"fresh": true}', format('[%s, 0, 1]', g), 'new' || g || '@example.com', NULL
                    FROM generate_series(3001, 3100) g;
                UPDATE ml.items SET emb = '[9, 9, 9]', email = 'changed@example.com' WHERE id BETWEEN 10 AND 20;
                UPDATE ml.items SET body = 'not json at all' WHERE id = 30;   -- refused: the row goes to the rejects, and leaves the target
                INSERT INTO ml.items VALUES (3200, '{}', '[1, 2]', 'x@example.com'); -- wrong dimension: refused
                UPDATE ml.items SET email = 'only.email@example.com' WHERE id IN (40, 41); -- 40's big is TOASTed and unchanged
                DELETE FROM ml.items WHERE id BETWEEN 50 AND 55;
                INSERT INTO ml.items VALUES (-1, '{}', '[0, 0, 0]', 'sentinel@example.com');
                """);
            await WriteLoad.UntilAsync(() => SyncRun.HasRowAsync(target, "SELECT count(*) FROM ml.items WHERE id = -1"), Patience,
                "changes applied", migrate);
        }
        finally
        {
            if (!migrate.HasExited) migrate.Kill(entireProcessTree: true);
            await migrate.WaitForExitAsync();
        }

        // The same source, loaded afresh by a migration without sync, is the reference for what the rules make of each row.
        // (The rule that refuses comes first in the row: a refused row's vector is then never measured, which the load's
        // norm check would otherwise count.)
        await using var fresh = await TestDatabase.CreateAsync("syncrules_ref");
        migrations.Connections["Modern"] = fresh.ConnectionString;
        var reference = SyncRun.Spec(migrations, rules).Replace("\"enabled\": true", "\"enabled\": false");
        Assert.True((await migrations.RunAsync(reference, "reference")).Passed,
            File.ReadAllText(Path.Combine(migrations.StagingRoot, "reference", "report.md")));
        Assert.Equal((await DatabaseAssert.FingerprintAsync(fresh))["ml.items"],
            (await DatabaseAssert.FingerprintAsync(target))["ml.items"]);
        Assert.Equal(["30 body", "3200 emb"], await target.StringsAsync(
            "SELECT (source_row->>'id') || ' ' || split_part(reason, ':', 1) FROM _migrator.rejects WHERE " +
            "chunk_id LIKE 'sync:%' ORDER BY 1"));
    }
}

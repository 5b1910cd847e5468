using System.Text.Json;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Reporting;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// `migrator compare` on live databases: a mutated target names exactly the rows that differ, --repair makes it equal
/// again without touching the source, writes in flight settle, and tables without a key are compared whole.
/// </summary>
public class CompareTests
{
    const string Source = """
        CREATE SCHEMA cmp;
        CREATE TABLE cmp.scores (id int PRIMARY KEY, score int NOT NULL, name text, body text);
        INSERT INTO cmp.scores SELECT g, g % 1000, 'name ' || g,
            CASE WHEN g = 5000 THEN (SELECT string_agg(md5(i::text), '') FROM generate_series(1, 10000) i) ELSE md5(g::text) END
        FROM generate_series(1, 30000) g;
        CREATE TABLE cmp.events (kind text, n int);
        INSERT INTO cmp.events SELECT 'kind ' || (g % 5), g FROM generate_series(1, 2000) g;
        ANALYZE;
        """;

    static string WithCompare(string spec, string compare) => spec.TrimEnd().TrimEnd('}') + $", \"compare\": {{ {compare} }} }}";

    [Fact]
    public async Task A_mutated_target_names_exactly_the_differing_keys_and_repair_makes_it_equal_without_writing_the_source()
    {
        await using var scenario = await Scenario.CreateAsync("cmp", Source);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var spec = WithCompare(migrations.SpecJson(rowsPerChunk: 8000), "\"settleSeconds\": 1, \"rowLevelRows\": 500");
        Assert.True((await migrations.RunAsync(spec, "cmp")).Passed);
        Assert.True(await target.ScalarAsync<int>("SELECT pg_column_size(body) FROM cmp.scores WHERE id = 5000") > 100_000,
            "the large value is TOASTed");
        var specPath = migrations.WriteSpec(spec);
        var clean = await migrations.RunCliAsync("compare", "--spec", specPath, "--id", "cmp");
        Assert.True(clean.ExitCode == 0, clean.ToString());

        await target.ExecuteAsync("""
            UPDATE cmp.scores SET score = score + 1 WHERE id IN (17, 2500, 29000);
            DELETE FROM cmp.scores WHERE id IN (99, 15000);
            INSERT INTO cmp.scores VALUES (900001, 1, 'intruder', 'x');
            UPDATE cmp.scores SET body = overlay(body placing 'Z' from 150000 for 1) WHERE id = 5000;
            """);
        var sourceBefore = await DatabaseAssert.FingerprintAsync(source);
        var outDir = Path.Combine(migrations.StagingRoot, "out");
        var found = await migrations.RunCliAsync("compare", "--spec", specPath, "--id", "cmp", "--out", outDir);
        Assert.True(found.ExitCode == 1, found.ToString());

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "compare.json")));
        var tables = json.RootElement.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        var differences = tables["cmp.scores"].GetProperty("differences").EnumerateArray()
            .Select(d => $"{d.GetProperty("key").GetProperty("id").GetInt32()} {d.GetProperty("kind").GetString()}" +
                (d.TryGetProperty("columns", out var c) ? " " + string.Join(",", c.EnumerateArray().Select(x => x.GetString())) : ""))
            .Order().ToList();
        Assert.Equal(
            [
                "15000 missing", "17 different score", "2500 different score", "29000 different score", "5000 different body",
                "900001 extra", "99 missing",
            ],
            differences);
        Assert.True(tables["cmp.events"].GetProperty("confirmed").GetProperty("unlisted").GetInt64() == 0, found.ToString());
        Assert.Equal("whole-table", tables["cmp.events"].GetProperty("mode").GetString());
        Assert.Contains("whole-table digest only", tables["cmp.events"].GetProperty("note").GetString());
        Assert.Contains("5000 different", File.ReadAllText(Path.Combine(outDir, "compare.md")).Replace("`{\"id\":", "").Replace("}`", ""));

        var repaired = await migrations.RunCliAsync("compare", "--spec", specPath, "--id", "cmp", "--repair", "--out", outDir);
        Assert.True(repaired.ExitCode == 0, repaired.ToString());
        Assert.Equal(["2", "4", "1"], await target.StringsAsync(
            "SELECT sum(inserted) FROM _migrator.compare_repairs UNION ALL SELECT sum(updated) FROM _migrator.compare_repairs " +
            "UNION ALL SELECT sum(deleted) FROM _migrator.compare_repairs"));
        var again = await migrations.RunCliAsync("compare", "--spec", specPath, "--id", "cmp", "--out", outDir);
        Assert.True(again.ExitCode == 0, again.ToString());
        using var after = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "compare.json")));
        foreach (var table in after.RootElement.GetProperty("tables").EnumerateArray())
        {
            var digests = table.GetProperty("digests");
            Assert.True(digests.GetProperty("equal").GetBoolean(), table.ToString());
            Assert.Equal(digests.GetProperty("source").GetString(), digests.GetProperty("target").GetString());
        }
        await DatabaseAssert.SameRowsAsync(source, target);
        Assert.Equal(sourceBefore, await DatabaseAssert.FingerprintAsync(source));
        Assert.Equal(0L, await source.ScalarAsync<long>("SELECT count(*) FROM pg_namespace WHERE nspname = '_migrator'"));
    }

    [Fact]
    public async Task Writes_in_flight_during_a_compare_settle_and_none_is_confirmed_once_they_reach_the_target()
    {
        await using var scenario = await Scenario.CreateAsync("cmp_live", Source);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var spec = WithCompare(migrations.SpecJson(rowsPerChunk: 8000), "\"settleSeconds\": 6, \"rowLevelRows\": 500");
        Assert.True((await migrations.RunAsync(spec, "live")).Passed);

        // The application writes to the source; each write reaches the target a second later (replication lag).
        using var stop = new CancellationTokenSource();
        var writes = Task.Run(() => WriteWithLagAsync(source, target, TimeSpan.FromSeconds(1), stop.Token));
        await Task.Delay(1500);
        var comparing = migrations.CompareAsync(spec, "live");
        await Task.Delay(2000);
        await stop.CancelAsync();
        var written = await writes;
        var report = await comparing;

        Assert.True(written > 100, $"only {written} writes");
        Assert.True(report.Passed, JsonSerializer.Serialize(report));
        Assert.True(report.Settled > 0, "no write was in flight during the first look: " + JsonSerializer.Serialize(report));
        await DatabaseAssert.SameRowsAsync(source, target);
        var quiet = await migrations.CompareAsync(spec, "live");
        Assert.True(quiet.Passed && quiet.Settled == 0, JsonSerializer.Serialize(quiet));
    }

    /// <summary>
    /// Updates, inserts and deletes on the source, each applied to the target after <paramref name="lag"/>, until stopped;
    /// returns how many.
    /// </summary>
    static async Task<int> WriteWithLagAsync(TestDatabase source, TestDatabase target, TimeSpan lag, CancellationToken stop)
    {
        await using var src = new Npgsql.NpgsqlConnection(source.ConnectionString);
        await using var dst = new Npgsql.NpgsqlConnection(target.ConnectionString);
        await src.OpenAsync();
        await dst.OpenAsync();
        var pending = new Queue<(DateTime Due, string Sql)>();
        var random = new Random(23);
        var count = 0;
        // At least 101 writes, however slow the machine: fewer would not show in-flight writes settling.
        bool Writing() => !stop.IsCancellationRequested || count <= 100;
        while (Writing() || pending.Count > 0)
        {
            if (Writing())
            {
                var id = random.Next(1, 30001);
                var sql = (count % 10) switch
                {
                    0 => $"INSERT INTO cmp.scores VALUES ({100_000 + count}, 1, 'new', 'n')",
                    1 when count > 10 => $"DELETE FROM cmp.scores WHERE id = {100_000 + count - 11}",
                    _ => $"UPDATE cmp.scores SET score = score + 1 WHERE id = {id}",
                };
                await using (var write = new Npgsql.NpgsqlCommand(sql, src)) await write.ExecuteNonQueryAsync();
                pending.Enqueue((DateTime.UtcNow + lag, sql));
                count++;
            }
            while (pending.Count > 0 && pending.Peek().Due <= DateTime.UtcNow)
                await using (var apply = new Npgsql.NpgsqlCommand(pending.Dequeue().Sql, dst)) await apply.ExecuteNonQueryAsync();
            await Task.Delay(5);
        }
        return count;
    }

    [Fact]
    public async Task Compare_applies_the_spec_rules_to_source_rows_and_repair_writes_reshaped_values()
    {
        await using var scenario = await Scenario.CreateAsync("cmp_rules", Scenario.Fixture("ai_shapes.sql"));
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        migrations.Environment["Secrets__PiiSalt"] = AiShapesTests.Salt;
        var spec = WithCompare(
            AiShapesTests.WithRules(migrations.SpecJson(rowsPerChunk: 1000)), "\"settleSeconds\": 0, \"rowLevelRows\": 100");
        Assert.True((await migrations.RunAsync(spec, "cmp-rules")).Passed);

        // Vectors, artifacts, monthly partitions, hashed and tokenised personal data, documents: compared as loaded.
        var clean = await migrations.CompareAsync(spec, "cmp-rules");
        Assert.True(clean.Passed, JsonSerializer.Serialize(clean));
        var items = clean.Tables.Single(t => t.Table == "ml.items");
        Assert.Equal((3000L, 2998L, 2L),
            (items.SourceRows + items.Rejected, items.TargetRows, items.Rejected)); // the rows the rules refused
        Assert.True(clean.Tables.All(t => t.Digests.Equal), JsonSerializer.Serialize(clean));

        var hashed = await target.ScalarAsync<string>("SELECT email FROM ml.people WHERE id = 7");
        await target.ExecuteAsync("""
            UPDATE ml.people SET email = 'leaked@example.com', phone = NULL WHERE id = 7;
            UPDATE ml.docs SET body = '{"n": 0}' WHERE id = 30;
            DELETE FROM ml.metrics WHERE id = 1500;
            """);
        using var metrics = new CompareMetrics("cmp-rules");
        var found = await migrations.CompareAsync(spec, "cmp-rules", repair: true);
        Assert.True(found.Passed, JsonSerializer.Serialize(found));
        // Application Insights gets the same counts: confirmed differences by kind, and every row read on each side.
        Assert.Equal(["different 2", "missing 1"], metrics.Differences.Select(d => $"{d.Key} {d.Value}").Order());
        Assert.Equal(found.Repair!.Found.Sum(t => t.TargetRows) + found.Tables.Sum(t => t.TargetRows), metrics.Rows["target"]);
        var before = found.Repair!.Found
            .SelectMany(t => t.Differences.Select(d =>
                $"{t.Table} {d.Key["id"]} {JsonNames.Of(d.Kind)} {string.Join(",", d.Columns ?? [])}"))
            .Order();
        Assert.Equal(["ml.docs 30 different body", "ml.metrics 1500 missing ", "ml.people 7 different email,phone"], before);
        // The time-series target's key holds its time column (PostgreSQL's rule for partitioned keys): shown as the target prints it.
        Assert.Equal("2024-03-17 12:00:00+00",
            found.Repair.Found.Single(t => t.Table == "ml.metrics").Differences[0].Key["at"]!.GetValue<string>());
        Assert.Equal(hashed, await target.ScalarAsync<string>("SELECT email FROM ml.people WHERE id = 7"));
        Assert.StartsWith("tok_", await target.ScalarAsync<string>("SELECT phone FROM ml.people WHERE id = 7"));
        Assert.Equal(3000L, await target.ScalarAsync<long>("SELECT count(*) FROM ml.metrics"));
        Assert.True(await target.ScalarAsync<bool>(
            "SELECT (SELECT body FROM ml.docs WHERE id = 30) = '{\"n\": 30, \"tags\": [\"a\", \"b\"]}'::jsonb"));
    }

    [Fact]
    public async Task Bad_arguments_exit_2_and_a_failing_range_exits_3_naming_its_table_and_range()
    {
        await using var scenario = await Scenario.CreateAsync("cmp_bad",
            "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, 'v' FROM generate_series(1, 100) g;");
        var migrations = scenario.Migrations;
        var spec = migrations.WriteSpec(migrations.SpecJson());
        var queries = Path.Combine(migrations.StagingRoot, "queries.json");
        await File.WriteAllTextAsync(queries, """{ "queries": [ { "name": "n", "legacy": "SELECT 1", "modern": "SELECT 1" } ] }""");
        var cases = new (string[] Args, string Expected)[]
        {
            (["compare", "--spec", spec, "--id", "never-ran"], "--id: migration 'never-ran' has no plan"),
            (["compare", "--spec", spec], "--id"),
            (["shadow", "--spec", spec, "--queries", "/nonexistent/queries.json"],
                "--queries: file '/nonexistent/queries.json' does not exist"),
            (["shadow", "--spec", spec, "--queries", queries, "--runs", "0"], "--runs: must be between 1 and 100000 (got 0)"),
        };
        foreach (var (args, expected) in cases)
        {
            var run = await migrations.RunCliAsync(args);
            Assert.True(run.ExitCode == 2, $"{string.Join(' ', args)}: {run}");
            Assert.Contains(expected, run.Stderr);
        }

        Assert.True((await migrations.RunAsync(migrations.SpecJson(), "bad")).Passed);
        var nothing = await migrations.RunCliAsync("compare", "--spec", spec, "--id", "bad", "--tables", "nowhere.*");
        Assert.True(nothing.ExitCode == 2, nothing.ToString());
        Assert.Contains("--tables: no table of migration 'bad' matches 'nowhere.*'", nothing.Stderr);

        await scenario.Target.ExecuteAsync("ALTER TABLE public.t RENAME COLUMN v TO renamed");
        var failed = await migrations.RunCliAsync("compare", "--spec", spec, "--id", "bad");
        Assert.True(failed.ExitCode == 3, failed.ToString());
        Assert.Contains("CompareRange failed for range", failed.Stderr);
        Assert.Contains("of public.t (comparison cmp-", failed.Stderr);
        Assert.Contains("then compare again", failed.Stderr);
        Assert.DoesNotContain(TestServers.Password, failed.All);
    }

    [Fact]
    public async Task The_type_zoo_compares_equal_across_every_type_and_text_format_table()
    {
        await using var scenario = await Scenario.CreateAsync("cmp_zoo", Scenario.Fixture("type_zoo.sql"));
        var migrations = scenario.Migrations;
        var spec = WithCompare(migrations.SpecJson(rowsPerChunk: 40_000), "\"settleSeconds\": 0");
        Assert.True((await migrations.RunAsync(spec, "zoo")).Passed);
        var report = await migrations.CompareAsync(spec, "zoo");
        Assert.True(report.Passed, JsonSerializer.Serialize(report));
        Assert.True(report.Tables.Count > 5 && report.Tables.All(t => t.Digests.Equal && t.SourceRows == t.TargetRows),
            JsonSerializer.Serialize(report));
    }
}

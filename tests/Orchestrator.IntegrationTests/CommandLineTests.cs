using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>The migrator command's contract: exit codes, messages that name the problem, and no secret in any output.</summary>
public class CommandLineTests
{
    static Task<Scenario> Setup(string prefix) =>
        Scenario.CreateAsync(prefix,
            "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 100) g;");

    [Fact]
    public async Task Bad_input_exits_2_naming_the_problem_and_never_prints_the_password()
    {
        await using var scenario = await Setup("cli_bad");
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        {
            var valid = migrations.SpecJson();
            var cases = new (string Name, string Spec, string Expected)[]
            {
                ("malformed JSON", "{ \"source\": ", "line 1"),
                ("unknown dialect", valid.Replace("\"postgres\"", "\"db2\""), "source.dialect: unknown dialect 'db2'"),
                ("unknown field", valid.Replace("\"maxParallel\"", "\"maxParalel\""), "chunking.maxParalel: unknown field"),
                ("negative chunk size", valid.Replace("50000", "-1"), "chunking.rowsPerChunk: must be > 0"),
                ("connection not configured", valid.Replace("\"Modern\"", "\"Nowhere\""),
                    "target.connection: connection 'Nowhere' is not configured"),
            };
            foreach (var (name, spec, expected) in cases)
            {
                var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(spec), "--id", "bad");
                Assert.True(run.ExitCode == 2, $"{name}: {run}");
                Assert.Contains(expected, run.Stderr);
                Assert.DoesNotContain(TestServers.Password, run.All);
            }
            var missingFile = await migrations.RunCliAsync("migrate", "--spec", "/nonexistent/spec.json");
            Assert.Equal(2, missingFile.ExitCode);
            Assert.Contains("does not exist", missingFile.Stderr);
            var unknownOption = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(valid), "--bogus");
            Assert.Equal(2, unknownOption.ExitCode);
            Assert.Equal(0L, await target.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 't'"));
        }
    }

    [Fact]
    public async Task Unreachable_database_and_wrong_password_exit_3_with_a_clear_message()
    {
        await using var scenario = await Setup("cli_down");
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        {
            var good = migrations.Connections["Legacy"];
            migrations.Connections["Legacy"] = new Npgsql.NpgsqlConnectionStringBuilder(good) { Port = 1, Timeout = 3 }.ConnectionString;
            var down = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(migrations.SpecJson()), "--id", "down");
            Assert.True(down.ExitCode == 3, down.ToString());
            Assert.Contains("cannot connect to the source database 'Legacy' (127.0.0.1:1/", down.Stderr);

            // Source and target are reached at once: with both down the source is the one named, and a target that
            // is down alone is named as the target.
            var goodTarget = migrations.Connections["Modern"];
            migrations.Connections["Modern"] =
                new Npgsql.NpgsqlConnectionStringBuilder(goodTarget) { Port = 1, Timeout = 3 }.ConnectionString;
            var bothDown = await migrations.RunCliAsync(
                "migrate", "--spec", migrations.WriteSpec(migrations.SpecJson()), "--id", "both-down");
            Assert.True(bothDown.ExitCode == 3, bothDown.ToString());
            Assert.Contains("cannot connect to the source database 'Legacy' (127.0.0.1:1/", bothDown.Stderr);
            Assert.DoesNotContain("target database", bothDown.Stderr);
            migrations.Connections["Legacy"] = good;
            var targetDown = await migrations.RunCliAsync(
                "migrate", "--spec", migrations.WriteSpec(migrations.SpecJson()), "--id", "target-down");
            Assert.True(targetDown.ExitCode == 3, targetDown.ToString());
            Assert.Contains("cannot connect to the target database 'Modern' (127.0.0.1:1/", targetDown.Stderr);
            migrations.Connections["Modern"] = goodTarget;

            migrations.Connections["Legacy"] =
                new Npgsql.NpgsqlConnectionStringBuilder(good) { Password = "wrong-secret-pw" }.ConnectionString;
            if (await AcceptsAnyPassword(migrations.Connections["Legacy"]))
                Assert.Skip("this PostgreSQL server trusts local connections, so a wrong password cannot be tested " +
                    "(eng/test starts one with scram-sha-256)");
            var denied = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(migrations.SpecJson()), "--id", "denied");
            Assert.True(denied.ExitCode == 3, denied.ToString());
            Assert.Contains("28P01", denied.Stderr);
            Assert.DoesNotContain("wrong-secret-pw", denied.All);
            Assert.DoesNotContain(TestServers.Password, denied.All);
        }
    }

    [Fact]
    public async Task An_unreachable_or_refusing_blob_store_exits_3_at_the_start_naming_it()
    {
        var blob = TestServers.RequireBlob();
        await using var scenario = await Setup("cli_blob_down");
        var migrations = scenario.Migrations;
        var key = System.Text.RegularExpressions.Regex.Match(blob, "AccountKey=([^;]+)").Groups[1].Value;
        var spec = migrations.WriteSpec(migrations.SpecJson(staging: Migrations.BlobStaging("preflight")));

        migrations.Connections["Staging"] = System.Text.RegularExpressions.Regex.Replace(blob, @"127\.0\.0\.1:\d+", "127.0.0.1:1");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var down = await migrations.RunCliAsync("migrate", "--spec", spec, "--id", "blobdown");
        Assert.True(down.ExitCode == 3, down.ToString());
        Assert.Contains("cannot reach the staging store 'Staging' (http://127.0.0.1:1/", down.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"took {clock.Elapsed}: the probe retried like a run would");

        var wrongKey = Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData("not the key"u8));
        migrations.Connections["Staging"] = blob.Replace(key, wrongKey);
        var refused = await migrations.RunCliAsync("migrate", "--spec", spec, "--id", "blobkey");
        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Contains("cannot reach the staging store 'Staging'", refused.Stderr);
        Assert.Contains("403", refused.Stderr);
        foreach (var run in new[] { down, refused })
        {
            Assert.DoesNotContain(key, run.All);
            Assert.DoesNotContain(wrongKey, run.All);
        }
        // Nothing was prepared: the probe runs before the migration starts.
        Assert.Equal(0L, await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 't'"));
    }

    /// <summary>
    /// A PostgreSQL source runs socket continuations on the epoll threads (SocketCompletions): a blob-staged,
    /// compressed migration completes and validates that way, and the trace says the switch was on.
    /// </summary>
    [Fact]
    public async Task A_postgres_migration_runs_socket_completions_inline_and_completes_with_blob_staging()
    {
        TestServers.RequireBlob();
        await using var scenario = await Setup("cli_inline");
        var migrations = scenario.Migrations;
        migrations.Environment["MIGRATOR_TRACE"] = "1";
        migrations.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = ""; // whatever the test process has
        var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 30, staging: Migrations.BlobStaging("inline")));
        var run = await migrations.RunCliAsync("migrate", "--spec", spec, "--id", "inline");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1", run.Stderr);
        Assert.Contains("Migration inline: PASSED", run.Stdout);
        Assert.Equal(100L, await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM t"));
    }

    static async Task<bool> AcceptsAnyPassword(string connectionString)
    {
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (Npgsql.PostgresException) { return false; }
    }

    [Fact]
    public async Task A_target_table_holding_foreign_rows_stops_the_run_until_the_spec_says_truncate()
    {
        await using var scenario = await Setup("cli_full");
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        {
            await target.ExecuteAsync("CREATE TABLE t (id int, v text); INSERT INTO t VALUES (999, 'not from the source');");
            var refused = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(migrations.SpecJson()), "--id", "full");
            Assert.True(refused.ExitCode == 3, refused.ToString());
            Assert.Contains("target table public.t already exists and holds rows", refused.Stderr);
            Assert.Equal(1L, await target.ScalarAsync<long>("SELECT count(*) FROM t"));

            var truncating = migrations.SpecJson(extraTarget: ", \"ifExists\": \"truncate\"");
            var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(truncating), "--id", "full");
            Assert.True(run.ExitCode == 0, run.ToString());
            await DatabaseAssert.SameRowsAsync(source, target);
        }
    }

    [Fact]
    public async Task Plan_shows_chunks_and_ddl_and_report_reprints_the_result()
    {
        await using var scenario = await Setup("cli_plan");
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        {
            var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 30));
            var ddl = Path.Combine(migrations.StagingRoot, "target.sql");
            var plan = await migrations.RunCliAsync("plan", "--spec", spec, "--ddl", ddl);
            Assert.True(plan.ExitCode == 0, plan.ToString());
            Assert.Contains("public.t: ~100 rows", plan.Stdout);
            Assert.Contains("chunk(s) by integer-key", plan.Stdout);
            Assert.Contains("CREATE TABLE IF NOT EXISTS \"public\".\"t\"", File.ReadAllText(ddl));
            Assert.Equal(0L, await target.ScalarAsync<long>("SELECT count(*) FROM pg_tables WHERE tablename = 't'"));

            Assert.Equal(0, (await migrations.RunCliAsync("migrate", "--spec", spec, "--id", "p1")).ExitCode);
            var report = await migrations.RunCliAsync("report", "--id", "p1", "--spec", spec);
            Assert.Equal(0, report.ExitCode);
            Assert.Contains("Migration p1: PASSED", report.Stdout);
            var missing = await migrations.RunCliAsync("report", "--id", "nope", "--spec", spec);
            Assert.Equal(2, missing.ExitCode);
        }
    }

    [Fact]
    public async Task A_run_records_its_start_up_for_the_next_run_of_the_same_command_unless_told_not_to()
    {
        if (Environment.ProcessorCount < 2) Assert.Skip("multi-core JIT profiles are only recorded on a machine with two or more cores");
        await using var scenario = await Setup("cli_jit");
        var migrations = scenario.Migrations;
        var spec = migrations.WriteSpec(migrations.SpecJson());
        var cache = Path.Combine(migrations.StagingRoot, "jit-cache");
        migrations.Environment["XDG_CACHE_HOME"] = cache;
        Assert.Equal(0, (await migrations.RunCliAsync("plan", "--spec", spec)).ExitCode);
        var profile = Assert.Single(Directory.GetFiles(Path.Combine(cache, "migrator", "jit"), "*", SearchOption.AllDirectories));
        Assert.Equal("plan.profile", Path.GetFileName(profile));
        Assert.True(new FileInfo(profile).Length > 1000, $"{profile} holds {new FileInfo(profile).Length} bytes");
        // The second run plays the profile back and writes it again; it still plans the same.
        var again = await migrations.RunCliAsync("plan", "--spec", spec);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("public.t: ~100 rows", again.Stdout);

        var off = Path.Combine(migrations.StagingRoot, "no-jit-cache");
        migrations.Environment["XDG_CACHE_HOME"] = off;
        migrations.Environment["MIGRATOR_JIT_PROFILE"] = "0";
        Assert.Equal(0, (await migrations.RunCliAsync("plan", "--spec", spec)).ExitCode);
        Assert.False(Directory.Exists(Path.Combine(off, "migrator")), "MIGRATOR_JIT_PROFILE=0 still wrote a profile");
    }
}

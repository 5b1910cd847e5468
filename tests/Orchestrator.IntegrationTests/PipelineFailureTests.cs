using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Npgsql;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Target;
using Orchestrator.Core.Workflow;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// A stage of the pipeline failing for real (a full disk under the staging directory or under the target's
/// tablespace, a staged chunk the migrator may no longer read, the blob store stopped, a load held behind a lock):
/// the run ends at once with exit 3 and a message that names what failed and where, and the rerun with the same id
/// ends with the target identical to the source, every chunk loaded once. These mount filesystems and stop Azurite,
/// so they run alone.
/// </summary>
[Collection(nameof(ServerFaults))]
[SupportedOSPlatform("linux")]
public class PipelineFailureTests
{
    /// <summary>A run that fails must end this soon: far below "never", far above what it takes.</summary>
    static readonly TimeSpan Bounded = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Local_staging_on_a_full_disk_exits_3_at_once_naming_the_path_and_the_error_and_the_rerun_after_growing_it_is_exact()
    {
        await using var disk = await Tmpfs.MountAsync("3m");
        await using var scenario = await Scenario.CreateAsync("full_stage", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var stage = Path.Combine(disk.Path, "stage");
        var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 4,
            staging: $$"""{ "kind": "local", "path": "{{stage}}", "compressionLevel": 0 }"""));
        string[] args = ["migrate", "--spec", spec, "--id", "fullstage"];

        var clock = Stopwatch.StartNew();
        var full = await migrations.RunCliAsync(args);
        Assert.True(full.ExitCode == 3, full.ToString());
        Assert.True(clock.Elapsed < Bounded, $"the failed run took {clock.Elapsed}");
        Says(full, $"the staging directory {stage} failed writing {stage}/fullstage/chunks/");
        // The data file or its manifest, whichever the disk filled on: both are named with the error.
        Says(full, ": No space left on device");
        // What is free when the message is written: other chunks' files, removed as they fail, may have given some back.
        var free = Regex.Match(full.Stderr, @"\((\d+\.\d) MB free there\)");
        Assert.True(free.Success && double.Parse(free.Groups[1].Value, CultureInfo.InvariantCulture) < 1, $"free space\n{full}");

        await disk.ResizeAsync("64m");
        var again = await migrations.RunCliAsync(args);
        Assert.True(again.ExitCode == 0, again.ToString());
        await DatabaseAssert.SameRowsLoadedOnceAsync(scenario.Source, scenario.Target);
    }

    /// <summary>
    /// Between its extract and its load, a staged file loses its read permission (the migrator runs without the
    /// capability to override file permissions, as an ordinary user would): the load finds it unreadable, the chunk is
    /// extracted again from the source, and the run passes.
    /// </summary>
    [Fact]
    public async Task A_staged_chunk_made_unreadable_between_extract_and_load_is_extracted_again()
    {
        string[] launcher = ["setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"];
        await RequireLauncherDropsFileAccessAsync(launcher);
        await using var scenario = await Scenario.CreateAsync("unreadable", SampleSources.Orders);
        var migrations = scenario.Migrations;
        migrations.Launcher = launcher;
        var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 5_000, maxParallel: 2));

        using var process = migrations.StartCli("migrate", "--spec", spec, "--id", "unreadable");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var chunks = Path.Combine(migrations.StagingRoot, "unreadable", "chunks");
        var taken = new List<string>();
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && taken.Count < 3 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            // As each data file appears, while its extract still writes it: the writer's open handle keeps writing.
            if (Directory.Exists(chunks))
                foreach (var file in Directory.EnumerateFiles(chunks, "*.zst", SearchOption.AllDirectories)
                    .Except(taken).Take(3 - taken.Count))
                {
                    File.SetUnixFileMode(file, UnixFileMode.None);
                    taken.Add(file);
                }
            await Task.Delay(2);
        }
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
        Assert.NotEmpty(taken);
        // The load of such a chunk deletes the file it could not read, then the chunk is staged anew under another name.
        Assert.Contains(taken, file => !File.Exists(file));
        await DatabaseAssert.SameRowsLoadedOnceAsync(scenario.Source, scenario.Target);
    }

    /// <summary>
    /// Staged chunks cut short after their extract: each load fails once its COPY has started (the zstd stream ends
    /// early), the COPY is abandoned, and the chunk is extracted again.
    /// </summary>
    [Fact]
    public async Task Staged_chunks_cut_short_fail_their_load_and_are_extracted_again()
    {
        await using var scenario = await Scenario.CreateAsync("cut_short", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var id = "cutshort";
        var spec = migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 2,
            staging: $$"""{ "kind": "local", "path": "{{migrations.StagingRoot}}", "compressionLevel": 1 }""");
        var extracts = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var cut = 0;

        var result = await migrations.RunAsync(spec, id, activities: all =>
            new Dictionary<string, IWorkflowActivity>(all, StringComparer.OrdinalIgnoreCase)
            {
                [ActivityNames.ExtractChunk] = new AfterExtract(all[ActivityNames.ExtractChunk], (chunkId, attempt) =>
                {
                    if (attempt > 1 || !chunkId.Contains("orders", StringComparison.Ordinal) || Interlocked.Increment(ref cut) > 3) return;
                    var file = StagedFile(migrations.StagingRoot, id, chunkId);
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Write);
                    stream.SetLength(stream.Length / 2);
                }, extracts),
            });

        Assert.True(result.Passed);
        Assert.Contains(extracts, e => e.Value > 1); // a chunk cut short was staged a second time
        await DatabaseAssert.SameRowsLoadedOnceAsync(scenario.Source, scenario.Target);
    }

    [Fact]
    public async Task Blob_staging_stopped_mid_upload_exits_3_within_the_retry_budget_naming_the_store_and_the_wait_and_the_rerun_is_exact()
    {
        var azurite = AzuriteProcess.Require();
        var key = System.Text.RegularExpressions.Regex.Match(TestServers.Blob!, "AccountKey=([^;]+)").Groups[1].Value;
        await using var scenario = await Scenario.CreateAsync("blob_outage", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var id = $"outage-{Guid.NewGuid():N}"[..20];
        var spec = migrations.WriteSpec(
            migrations.SpecJson(rowsPerChunk: 5_000, maxParallel: 2, staging: Migrations.BlobStaging("outage")));
        string[] args = ["migrate", "--spec", spec, "--id", id];

        CliResult failed;
        var stoppedFor = Stopwatch.StartNew();
        try
        {
            using var process = migrations.StartCli(args);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && await FaultTests.LedgerRowsAsync(scenario.Target) < 2 && clock.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(20);
            Assert.False(process.HasExited, "the migration finished before the blob store could be stopped");
            await azurite.StopAsync();
            stoppedFor.Restart();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
            failed = new CliResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            await azurite.StartAsync();
        }

        Assert.True(failed.ExitCode == 3, failed.ToString());
        // The storage SDK retries an operation for about 30 s (ChunkStoreFactory.RetryBudget), and nothing retries after it.
        Assert.True(stoppedFor.Elapsed < Bounded, $"the run ended {stoppedFor.Elapsed} after the store stopped");
        var port = Environment.GetEnvironmentVariable("ORCH_TEST_BLOB_PORT");
        Says(failed, $"the staging store http://127.0.0.1:{port}/devstoreaccount1/outage did not answer while ");
        Assert.Matches(@"gave up after \d+ s of waiting and retrying", failed.Stderr);
        Assert.DoesNotContain(key, failed.All);

        var again = await migrations.RunCliAsync(args);
        Assert.True(again.ExitCode == 0, again.ToString());
        await DatabaseAssert.SameRowsLoadedOnceAsync(scenario.Source, scenario.Target);
    }

    [Fact]
    public async Task A_target_tablespace_that_fills_up_exits_3_naming_it_and_the_rerun_after_growing_it_is_exact()
    {
        await using var disk = await Tmpfs.MountAsync("2m");
        await SystemCommand.MustAsync("chown", "postgres:postgres", disk.Path);
        var tablespace = $"tiny_{Guid.NewGuid():N}"[..13];
        await using (var admin = new NpgsqlConnection(TestServers.RequirePostgres()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE TABLESPACE {tablespace} LOCATION '{disk.Path}'", admin);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            await using var scenario = await Scenario.CreateAsync("full_target", SampleSources.Orders);
            var migrations = scenario.Migrations;
            // Everything the migrator creates in the target goes to the small tablespace.
            migrations.Connections["Modern"] = scenario.Target.ConnectionString + $";Options=-c default_tablespace={tablespace}";
            var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 2));
            string[] args = ["migrate", "--spec", spec, "--id", "fulltarget"];

            var clock = Stopwatch.StartNew();
            var full = await migrations.RunCliAsync(args);
            Assert.True(full.ExitCode == 3, full.ToString());
            Assert.True(clock.Elapsed < Bounded, $"the failed run took {clock.Elapsed}");
            Says(full, "the target database is out of disk space: PostgreSQL error 53100: could not extend file");
            Says(full, "No space left on device");
            Says(full, $"is in tablespace {tablespace} ({disk.Path})");

            await disk.ResizeAsync("128m");
            var again = await migrations.RunCliAsync(args);
            Assert.True(again.ExitCode == 0, again.ToString());
            await DatabaseAssert.SameRowsLoadedOnceAsync(scenario.Source, scenario.Target);
        }
        finally
        {
            await using var admin = new NpgsqlConnection(TestServers.RequirePostgres());
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP TABLESPACE IF EXISTS {tablespace}", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// A load queued behind a lock another session holds (here the chunk's own ledger lock): nothing moves, the stall
    /// watchdog stops the run after watchdog.stallSeconds naming the activity, table, chunk and who holds the lock.
    /// </summary>
    [Fact]
    public async Task A_load_held_behind_a_lock_is_stopped_by_the_stall_watchdog_naming_it_and_the_rerun_is_exact()
    {
        await using var scenario = await Scenario.CreateAsync("stall", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 2)
            .Replace("\"chunking\":", "\"watchdog\": { \"stallSeconds\": 5 }, \"chunking\":", StringComparison.Ordinal));
        string[] args = ["migrate", "--spec", spec, "--id", "stalled"];
        var plan = await migrations.RunCliAsync("plan", "--spec", spec);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var chunk = plan.Stdout.Split('\n').Select(l => l.Trim())
            .First(l => l.Contains("shop.orders/c", StringComparison.Ordinal)).Split(':')[0];

        CliResult stalled;
        int holder;
        await using (var blocker = new NpgsqlConnection(scenario.Target.ConnectionString))
        {
            await blocker.OpenAsync();
            holder = blocker.ProcessID;
            await using (var hold = new NpgsqlCommand("SELECT pg_advisory_lock(hashtextextended($1, 0))", blocker))
            {
                hold.Parameters.Add(new() { Value = $"load:stalled:{chunk}" });
                await hold.ExecuteNonQueryAsync();
            }
            var clock = Stopwatch.StartNew();
            stalled = await migrations.RunCliAsync(args);
            Assert.True(clock.Elapsed < Bounded, $"the stalled run took {clock.Elapsed}");
        }

        Assert.True(stalled.ExitCode == 3, stalled.ToString());
        Says(stalled, $"LoadChunk for chunk {chunk} of shop.orders (");
        Says(stalled, $"made no progress for 5 s while loading chunk {chunk} into shop.orders (server process ");
        Says(stalled, $"is waiting for a lock (advisory) held by process {holder}");

        var again = await migrations.RunCliAsync(args);
        Assert.True(again.ExitCode == 0, again.ToString());
        await DatabaseAssert.SameRowsLoadedOnceAsync(scenario.Source, scenario.Target);
    }

    /// <summary>
    /// The COPY out side: a reader that stops early (its consumer failed) ends the COPY on the server instead of reading it to its end.
    /// </summary>
    [Theory]
    [InlineData(CopyFormat.Binary)]
    [InlineData(CopyFormat.Text)]
    public async Task A_copy_out_closed_before_its_end_is_cancelled_and_its_connection_answers_the_next_query(CopyFormat format)
    {
        await using var db = await TestDatabase.CreateAsync("copy_out");
        var builder = new NpgsqlDataSourceBuilder(db.ConnectionString);
        builder.ConnectionStringBuilder.Pooling = true;
        builder.ConnectionStringBuilder.MaxPoolSize = 1;
        await using var source = builder.Build();
        await using (var connection = await source.OpenConnectionAsync())
        {
            // Endless for practical purposes (and streamed: a set-returning function in the select list is not materialised).
            var copy = await CopyStreams.OpenCopyOutAsync(connection,
                $"COPY (SELECT generate_series(1, 1000000000000), repeat('x', 200)) TO STDOUT (FORMAT {format})", format, default);
            var buffer = new byte[1 << 16];
            await copy.ReadExactlyAsync(buffer);
            await copy.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        }
        await using var again = await source.OpenConnectionAsync(); // the pool's one connection, back and clean
        await using var command = new NpgsqlCommand("SELECT 41 + 1", again);
        Assert.Equal(42, (int)(await command.ExecuteScalarAsync())!);
    }

    /// <summary>The migrator's stderr holds <paramref name="text"/>; else the test fails showing the whole run.</summary>
    static void Says(CliResult run, string text) =>
        Assert.True(run.Stderr.Contains(text, StringComparison.Ordinal), $"expected: {text}\n{run}");

    static string StagedFile(string root, string id, string chunkId)
    {
        var dir = Path.Combine(root, id, "chunks", Path.GetDirectoryName(chunkId)!);
        return Directory.EnumerateFiles(dir, Path.GetFileName(chunkId) + ".*.zst").Single();
    }

    /// <summary>
    /// Skips unless the launcher really takes away root's way past file permissions (setpriv present, capabilities droppable).
    /// </summary>
    static async Task RequireLauncherDropsFileAccessAsync(string[] launcher)
    {
        var probe = Path.Combine(Directory.CreateTempSubdirectory("setpriv-").FullName, "closed");
        await File.WriteAllTextAsync(probe, "x");
        File.SetUnixFileMode(probe, UnixFileMode.None);
        SystemCommand.Result read;
        try { read = await SystemCommand.RunAsync(launcher[0], [.. launcher.Skip(1), "cat", probe]); }
        catch (System.ComponentModel.Win32Exception e) { read = new SystemCommand.Result(-1, "", e.Message); }
        finally { Directory.Delete(Path.GetDirectoryName(probe)!, recursive: true); }
        if (read.ExitCode == 0 || !read.Stderr.Contains("Permission denied", StringComparison.Ordinal))
            Assert.Skip("cannot run the migrator without the capability to override file permissions " +
                $"({string.Join(' ', launcher)} cat: {read}): " +
                "a file made unreadable could still be read");
    }

    /// <summary>The real ExtractChunk, then <paramref name="after"/> (chunk id, attempt) once it has sealed a chunk anew.</summary>
    sealed class AfterExtract(
        IWorkflowActivity inner, Action<string, int> after, System.Collections.Concurrent.ConcurrentDictionary<string, int> attempts)
        : IWorkflowActivity
    {
        public string Name => inner.Name;
        public Type InputType => inner.InputType;

        public async Task<object?> RunAsync(object input, CancellationToken ct)
        {
            var output = await inner.RunAsync(input, ct);
            if (output is ExtractResult { AlreadySealed: false } result)
                after(result.ChunkId, attempts.AddOrUpdate(result.ChunkId, 1, (_, n) => n + 1));
            return output;
        }
    }
}

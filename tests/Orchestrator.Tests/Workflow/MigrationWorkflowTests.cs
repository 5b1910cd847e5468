using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Workflow;

public class MigrationWorkflowTests
{
    static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    static readonly MigrationSpec Spec = SpecLoader.Parse("""
        { "source": { "dialect": "postgres", "connection": "Legacy" }, "target": { "connection": "Modern" },
          "staging": { "kind": "local", "path": "/tmp/x" }, "chunking": { "rowsPerChunk": 10, "maxParallel": 2 } }
        """, SourceDialects.Traits);

    static TablePlan Table(int n, int chunks, RangeKind kind = RangeKind.Key) => new()
    {
        TableId = $"t000{n}-s.t{n}", Source = new("s", $"t{n}"), Target = new("s", $"t{n}"), Columns = ["id"],
        Read = new(["id"], new Dictionary<string, string>()), Strategy = "integer-key",
        Chunks = Enumerable.Range(0, chunks).Select(i => new ChunkPlan($"t000{n}-s.t{n}/c{i:D5}", i,
            kind == RangeKind.Key
                ? new ChunkRange
                {
                    Kind = RangeKind.Key, KeyColumns = ["id"], KeyTypes = ["bigint"], Lower = [$"{i * 10}"], Upper = [$"{i * 10 + 10}"],
                }
                                  : new ChunkRange { Kind = RangeKind.Ctid, FromPage = i, ToPage = i + 1 }, 10)).ToList(),
    };

    /// <summary>
    /// A healthy source and target; LoadChunk reports Corrupt for the chunk ids in <paramref name="corrupt"/> (once per listing).
    /// </summary>
    /// <summary>ValidateTable reports a whole-table digest that differs for the tables named in <paramref name="differs"/>.</summary>
    static Func<string, object, object> Script(List<string>? corrupt = null, string[]? differs = null) => (name, input) => name switch
    {
        ActivityNames.Discover => new DiscoverResult(2, 50, 5000, new SourcePosition("lsn", "0/1", Now)),
        ActivityNames.Plan => new PlanResult([Table(1, 3), Table(2, 2, RangeKind.Ctid)], new SourcePosition("lsn", "0/1", Now)),
        ActivityNames.PrepareTarget => new PrepareResult(2),
        ActivityNames.ExtractChunk => new ExtractResult(((ChunkWork)input).Chunk.ChunkId, 10, 100, 50, "ab", false, 0),
        ActivityNames.LoadChunk => corrupt is not null && corrupt.Remove(((ChunkWork)input).Chunk.ChunkId)
            ? new LoadResult(((ChunkWork)input).Chunk.ChunkId, Orchestrator.Core.Target.LoadStatus.Corrupt, 0, "digest mismatch")
            : new LoadResult(((ChunkWork)input).Chunk.ChunkId, Orchestrator.Core.Target.LoadStatus.Loaded, 10, null),
        ActivityNames.FinalizeTable => new FinalizeTableResult(["index"]),
        ActivityNames.ValidateChunk => new ChunkVerdict(((ChunkWork)input).Chunk.ChunkId, 10, "ab", 10, "ab"),
        ActivityNames.ValidateTable => Verdict((TableWork)input, differs),
        // A one-chunk table of a few loaded rows: validated and finalized by one activity.
        ActivityNames.ValidateAndFinalizeTable => new ValidatedAndFinalized(Verdict((TableWork)input, differs),
            new FinalizeTableResult(["index"])),
        ActivityNames.FinalizeMigration => new FinalizeMigrationResult(["fk"]),
        ActivityNames.WriteReport => new MigrationResult("m1", true,
            ((ReportInput)input).Tables.Count, ((ReportInput)input).Tables.Sum(t => t.RowsLoaded), 0, "/tmp/x/m1"),
        _ => throw new InvalidOperationException(name),
    };

    static TableVerdict Verdict(TableWork work, string[]? differs) => new(10, 10, [], new ChunkVerdict("(whole table)", 30, "ab",
        30, differs?.Contains(work.Table.Source.Name) == true ? "cd" : "ab"));

    /// <summary><see cref="Script"/> with a plan of <paramref name="count"/> one-chunk tables.</summary>
    static Func<string, object, object> ManyTables(int count)
    {
        var script = Script();
        return (name, input) => name switch
        {
            ActivityNames.Plan => new PlanResult(
                Enumerable.Range(1, count).Select(n => Table(n, 1)).ToList(), new SourcePosition("lsn", "0/1", Now)),
            ActivityNames.PrepareTarget => new PrepareResult(((PrepareWork)input).Tables.Count),
            _ => script(name, input),
        };
    }

    /// <summary><see cref="Script"/> with a plan of one table of <paramref name="chunks"/> chunks read in one pass.</summary>
    static Func<string, object, object> OnePass(int chunks, List<string>? corrupt = null)
    {
        var script = Script(corrupt);
        return (name, input) => name switch
        {
            ActivityNames.Plan => new PlanResult([Table(1, chunks) with { ReadInOnePass = true }], new SourcePosition("lsn", "0/1", Now)),
            ActivityNames.PrepareTarget => new PrepareResult(1),
            ActivityNames.ExtractChunks => ((ChunksWork)input).Chunks
                .Select(c => new ExtractResult(c.ChunkId, 10, 100, 50, "ab", false, 0)).ToList(),
            _ => script(name, input),
        };
    }

    /// <summary>
    /// Answers PrepareTarget a while after it is called, and notes which tables were prepared when each table's copy started.
    /// </summary>
    sealed class SlowPrepare(IWorkflowContext inner) : IWorkflowContext
    {
        readonly HashSet<TableName> _prepared = [];
        public List<(TableName Table, bool Prepared, int TablesPrepared)> Starts { get; } = [];
        public int MaxTablesInFlight;
        int _inFlight;
        public string InstanceId => inner.InstanceId;
        public DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

        public async Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetry? retry = null)
        {
            var result = await inner.CallActivityAsync<TResult>(name, input, retry);
            if (name != ActivityNames.PrepareTarget) return result;
            await Task.Delay(100);
            lock (_prepared) _prepared.UnionWith(((PrepareWork)input).Tables);
            return result;
        }

        public async Task<TResult> CallSubWorkflowAsync<TResult>(string name, object input, string instanceId)
        {
            var table = ((TableInput)input).Table.Target;
            lock (_prepared)
            {
                Starts.Add((table, _prepared.Contains(table), _prepared.Count));
                MaxTablesInFlight = Math.Max(MaxTablesInFlight, ++_inFlight);
            }
            await Task.Delay(1);
            try { return await inner.CallSubWorkflowAsync<TResult>(name, input, instanceId); }
            finally { lock (_prepared) _inFlight--; }
        }

        public Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken) => inner.CreateTimer(fireAt, cancellationToken);
        public void SetCustomStatus(object? status) => inner.SetCustomStatus(status);
        public Task<T> WaitForExternalEvent<T>(string name) => inner.WaitForExternalEvent<T>(name);
        public void ContinueAsNew(object input) => inner.ContinueAsNew(input);
    }

    [Fact]
    public async Task Tables_are_prepared_in_batches_and_each_copies_once_its_batch_is_committed()
    {
        var recording = ScriptedContext.Recording("m1", ManyTables(120), Now);
        var context = new SlowPrepare(recording);
        var first = await MigrationWorkflow.RunAsync(context, new MigrationInput("m1", Spec));

        var batches = recording.Log.Where(c => c.Name == ActivityNames.PrepareTarget)
            .Select(c => System.Text.Json.JsonSerializer.Deserialize<PrepareWork>(c.Input, SpecLoader.JsonOptions)!).ToList();
        Assert.Equal([50, 50, 20], batches.Select(b => b.Tables.Count));
        Assert.Equal([true, false, false], batches.Select(b => b.First));
        Assert.Equal(Enumerable.Range(1, 120).Select(n => new TableName("s", $"t{n}")), batches.SelectMany(b => b.Tables));
        Assert.Equal(120, context.Starts.Count);
        Assert.All(context.Starts, s => Assert.True(s.Prepared, $"{s.Table} started before its batch was prepared"));
        // The first tables copied while later batches were still being prepared.
        Assert.Equal(50, context.Starts[0].TablesPrepared);
        // One-chunk tables run maxParallel² (4) at once, where tables of maxParallel chunks would run maxParallel (2).
        Assert.True(context.MaxTablesInFlight is > 2 and <= 4, $"{context.MaxTablesInFlight} tables in flight");
        Assert.Equal(120, first.Tables);

        // Replay (ScriptedContext logs a sub-workflow when it completes, so record without the delays here).
        var plain = ScriptedContext.Recording("m1", ManyTables(120), Now);
        var recorded = await MigrationWorkflow.RunAsync(plain, new MigrationInput("m1", Spec));
        var replay = ScriptedContext.Replaying("m1", plain.Log, Now);
        Assert.Equal(recorded, await MigrationWorkflow.RunAsync(replay, new MigrationInput("m1", Spec)));
        Assert.Equal(plain.Log, replay.Log);
        Assert.Equal(3, replay.Log.Count(c => c.Name == ActivityNames.PrepareTarget));
    }

    [Fact]
    public async Task Replaying_the_recorded_history_makes_the_same_calls_and_result()
    {
        var recording = ScriptedContext.Recording("m1", Script(), Now);
        var first = await MigrationWorkflow.RunAsync(recording, new MigrationInput("m1", Spec));

        var replay = ScriptedContext.Replaying("m1", recording.Log, Now);
        var second = await MigrationWorkflow.RunAsync(replay, new MigrationInput("m1", Spec));
        Assert.Equal(first, second);
        Assert.Equal(recording.Log, replay.Log);
        Assert.Equal(50, first.Rows);

        // Each table's sub-workflow replays from its own history, as Durable replays each orchestration instance.
        foreach (var call in recording.Log.Where(c => c.Kind.StartsWith("workflow:", StringComparison.Ordinal)))
        {
            var instance = call.Kind["workflow:".Length..];
            var child = ScriptedContext.Replaying(instance, recording.Histories[instance], Now);
            var input = System.Text.Json.JsonSerializer.Deserialize<TableInput>(call.Input, SpecLoader.JsonOptions)!;
            var output = await TableWorkflow.RunAsync(child, input);
            Assert.Equal(call.Output, System.Text.Json.JsonSerializer.Serialize(output, SpecLoader.JsonOptions));
            Assert.Equal(recording.Histories[instance], child.Log);
        }
    }

    [Fact]
    public async Task The_phases_run_in_order_and_every_chunk_is_extracted_before_it_is_loaded()
    {
        var context = ScriptedContext.Recording("m1", Script(), Now);
        await MigrationWorkflow.RunAsync(context, new MigrationInput("m1", Spec));
        var names = context.Log.Select(c => c.Name).ToList();
        var tableCalls = context.AllCalls.Where(c => c.Kind == "activity").Select(c => c.Name).ToList();

        Assert.Equal([ActivityNames.Discover, ActivityNames.Plan, ActivityNames.PrepareTarget], names.Take(3));
        Assert.Equal([ActivityNames.FinalizeMigration, ActivityNames.WriteReport], names.TakeLast(2));
        Assert.Equal(5, tableCalls.Count(n => n == ActivityNames.LoadChunk));
        // Both whole-table digests match: no chunk is read back on its own.
        Assert.Equal(2, tableCalls.Count(n => n == ActivityNames.ValidateTable));
        Assert.Equal(0, tableCalls.Count(n => n == ActivityNames.ValidateChunk));
        foreach (var history in context.Histories.Values)
            foreach (var load in history.Where(c => c.Name == ActivityNames.LoadChunk))
                Assert.Contains(history.Take(history.IndexOf(load)), c => c.Name == ActivityNames.ExtractChunk && c.Input == load.Input);
    }

    [Fact]
    public async Task A_table_whose_digest_differs_has_its_chunks_read_back_to_name_them()
    {
        var context = ScriptedContext.Recording("m1", Script(differs: ["t1", "t2"]), Now);
        await MigrationWorkflow.RunAsync(context, new MigrationInput("m1", Spec));
        var validated = context.AllCalls.Where(c => c.Name == ActivityNames.ValidateChunk).Select(c => c.Input).ToList();
        // Key-ranged t1: each of its 3 chunks; page-ranged t2 cannot be read back by range, its whole-table verdict stands.
        Assert.Equal(3, validated.Count);
        Assert.All(validated, input => Assert.Contains("t0001-s.t1/c", input));
    }

    [Fact]
    public async Task Tables_run_as_sub_workflows_with_deterministic_ids()
    {
        var context = ScriptedContext.Recording("m1", Script(), Now);
        await MigrationWorkflow.RunAsync(context, new MigrationInput("m1", Spec));
        Assert.Equal(["workflow:m1:s.t1", "workflow:m1:s.t2"], context.Log.Where(c => c.Name == TableWorkflow.Name).Select(c => c.Kind));
        Assert.Equal(["m1", "m1:s.t1", "m1:s.t2"], context.Histories.Keys.Order());
    }

    [Fact]
    public async Task A_corrupt_chunk_is_extracted_and_loaded_again()
    {
        var context = ScriptedContext.Recording("m1", Script(["t0001-s.t1/c00001"]), Now);
        var result = await MigrationWorkflow.RunAsync(context, new MigrationInput("m1", Spec));
        Assert.Equal(2, context.AllCalls.Count(c => c.Name == ActivityNames.ExtractChunk && c.Input.Contains("t0001-s.t1/c00001")));
        Assert.Equal(50, result.Rows);
    }

    [Fact]
    public async Task A_table_read_in_one_pass_is_read_once_per_run_of_chunks_in_order_and_replays_the_same()
    {
        var recording = ScriptedContext.Recording("m1", OnePass(40), Now);
        var result = await MigrationWorkflow.RunAsync(recording, new MigrationInput("m1", Spec));

        var reads = recording.AllCalls.Where(c => c.Name == ActivityNames.ExtractChunks)
            .Select(c => System.Text.Json.JsonSerializer.Deserialize<ChunksWork>(c.Input, SpecLoader.JsonOptions)!.Chunks).ToList();
        Assert.Equal([32, 8], reads.Select(r => r.Count)); // local staging: up to 32 chunks a read
        Assert.Equal(Enumerable.Range(0, 40), reads.SelectMany(r => r).Select(c => c.Index));
        Assert.DoesNotContain(recording.AllCalls, c => c.Name == ActivityNames.ExtractChunk);
        Assert.Equal(40, recording.AllCalls.Count(c => c.Name == ActivityNames.LoadChunk));
        Assert.Equal(400, result.Rows);

        var instance = "m1:s.t1";
        var call = recording.Log.Single(c => c.Kind == "workflow:" + instance);
        var child = ScriptedContext.Replaying(instance, recording.Histories[instance], Now);
        var input = System.Text.Json.JsonSerializer.Deserialize<TableInput>(call.Input, SpecLoader.JsonOptions)!;
        await TableWorkflow.RunAsync(child, input);
        Assert.Equal(recording.Histories[instance], child.Log);
    }

    [Fact]
    public async Task In_a_table_read_in_one_pass_a_corrupt_chunk_is_read_again_alone()
    {
        var context = ScriptedContext.Recording("m1", OnePass(3, ["t0001-s.t1/c00001"]), Now);
        var result = await MigrationWorkflow.RunAsync(context, new MigrationInput("m1", Spec));
        Assert.Single(context.AllCalls, c => c.Name == ActivityNames.ExtractChunks);
        Assert.Single(context.AllCalls, c => c.Name == ActivityNames.ExtractChunk && c.Input.Contains("t0001-s.t1/c00001"));
        Assert.Equal(30, result.Rows);
    }

    [Fact]
    public async Task A_chunk_that_stays_corrupt_fails_the_table_with_its_id()
    {
        var id = "t0001-s.t1/c00002";
        var context = ScriptedContext.Recording("m1", Script([id, id, id]), Now);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => MigrationWorkflow.RunAsync(context, new MigrationInput("m1", Spec)));
        Assert.Contains(id, error.Message);
        Assert.Contains("resume", error.Message);
    }

    [Fact]
    public async Task The_workflow_reads_time_only_from_the_context()
    {
        var context = ScriptedContext.Recording("m1", Script(), Now);
        await MigrationWorkflow.RunAsync(context, new MigrationInput("m1", Spec));
        var report = context.Log.Single(c => c.Name == ActivityNames.WriteReport);
        Assert.Contains("\"startedUtc\": \"2026-11-24T12:00:00Z\"", report.Input);
        Assert.Contains("\"finishedUtc\": \"2026-11-24T12:00:00Z\"", report.Input);
    }

    [Theory]
    [InlineData("m1", "s", "t", "m1:s.t")]
    [InlineData("m1", "a/b", "c#d?e", "m1:a_b.c_d_e")]
    public void Table_instance_ids_are_sanitised(string migration, string schema, string table, string expected) =>
        Assert.Equal(expected, TableWorkflow.InstanceIdFor(migration, Table(1, 1) with { Source = new(schema, table) }));

    [Fact]
    public void Long_table_instance_ids_stay_within_100_characters_and_distinct()
    {
        var a = TableWorkflow.InstanceIdFor("m1", Table(1, 1) with { Source = new("s", new string('x', 120) + "a") });
        var b = TableWorkflow.InstanceIdFor("m1", Table(1, 1) with { Source = new("s", new string('x', 120) + "b") });
        Assert.True(a.Length <= 100);
        Assert.NotEqual(a, b);
    }
}

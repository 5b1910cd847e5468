using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;
using Orchestrator.Core.Workflow;
using Orchestrator.Tests.Workflow;

namespace Orchestrator.Tests.Activities;

/// <summary>
/// A small one-chunk table's tail is one activity (ValidateAndFinalizeTable); every other table keeps FinalizeTable
/// beside ValidateTable, and so does a table workflow whose input was recorded before the one activity existed.
/// </summary>
public class SmallTableTailTests
{
    static readonly DateTime Now = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    static readonly MigrationSpec Spec = SpecLoader.Parse("""
        { "source": { "dialect": "postgres", "connection": "Legacy" }, "target": { "connection": "Modern" },
          "staging": { "kind": "local", "path": "/tmp/x" }, "chunking": { "rowsPerChunk": 1000, "maxParallel": 2 } }
        """, SourceDialects.Traits);

    static TablePlan Table(string name, int chunks, long estimatedRows) => new()
    {
        TableId = $"t0001-s.{name}", Source = new("s", name), Target = new("s", name), Columns = ["id"],
        Read = new(["id"], new Dictionary<string, string>()),
        Strategy = "integer-key", EstimatedRows = estimatedRows,
        Chunks = Enumerable.Range(0, chunks).Select(i => new ChunkPlan($"t0001-s.{name}/c{i:D5}", i, new ChunkRange
        {
            Kind = RangeKind.Key, KeyColumns = ["id"], KeyTypes = ["bigint"], Lower = [$"{i * 1000}"], Upper = [$"{i * 1000 + 1000}"],
        }, estimatedRows / chunks)).ToList(),
    };

    /// <summary>
    /// Every activity a table's workflow calls; the target's digest differs from the chunks' when <paramref name="differs"/>.
    /// </summary>
    static Func<string, object, object> Script(bool differs = false, long loadedRows = 10)
    {
        var verdict = new TableVerdict(10, 10, [], new ChunkVerdict("(whole table)", 10, "ab", 10, differs ? "cd" : "ab"));
        return (name, input) => name switch
        {
            ActivityNames.ExtractChunk => new ExtractResult(((ChunkWork)input).Chunk.ChunkId, 10, 100, 50, "ab", false, 0),
            ActivityNames.LoadChunk => new LoadResult(((ChunkWork)input).Chunk.ChunkId, LoadStatus.Loaded, loadedRows, null),
            ActivityNames.FinalizeTable => new FinalizeTableResult(["constraint t_pkey"]),
            ActivityNames.ValidateTable => verdict,
            ActivityNames.ValidateAndFinalizeTable => new ValidatedAndFinalized(verdict, new FinalizeTableResult(["constraint t_pkey"])),
            ActivityNames.ValidateChunk => new ChunkVerdict(((ChunkWork)input).Chunk.ChunkId, 10, "ab", 10, "cd"),
            _ => throw new InvalidOperationException(name),
        };
    }

    static async Task<(TableResult Result, List<string> Calls, ScriptedContext Context)> RunAsync(TableInput input,
        bool differs = false, long loadedRows = 10)
    {
        var context = ScriptedContext.Recording("m1:s.t", Script(differs, loadedRows), Now);
        var result = await TableWorkflow.RunAsync(context, input);
        return (result, context.Log.Select(c => c.Name).ToList(), context);
    }

    [Fact]
    public async Task A_small_one_chunk_table_is_validated_and_finalized_by_one_activity_and_replays()
    {
        var input = new TableInput("m1", Spec, Table("t", 1, 800)) { SmallTailInOne = true };
        var (result, calls, context) = await RunAsync(input);

        Assert.Equal([ActivityNames.ExtractChunk, ActivityNames.LoadChunk, ActivityNames.ValidateAndFinalizeTable], calls);
        Assert.Equal(("ab", "ab", 10L),
            (result.Verdict!.WholeTableDigest!.SourceDigest, result.Verdict.WholeTableDigest.TargetDigest, result.RowsLoaded));
        Assert.Empty(result.ChunkVerdicts);

        var replay = ScriptedContext.Replaying("m1:s.t", context.Log, Now);
        Assert.Equal(JsonSerializer.Serialize(result, SpecLoader.JsonOptions),
            JsonSerializer.Serialize(await TableWorkflow.RunAsync(replay, input), SpecLoader.JsonOptions));
        Assert.Equal(context.Log, replay.Log);
    }

    [Fact]
    public async Task A_history_recorded_before_the_one_activity_replays_with_the_two()
    {
        // The same table's input as an earlier build wrote it into the history: without the flag.
        var json = JsonNode.Parse(JsonSerializer.Serialize(new TableInput("m1", Spec, Table("t", 1, 800)) { SmallTailInOne = true },
            SpecLoader.JsonOptions))!;
        Assert.NotNull(json.AsObject()["smallTailInOne"]);
        json.AsObject().Remove("smallTailInOne");
        var recorded = json.Deserialize<TableInput>(SpecLoader.JsonOptions)!;
        var (_, calls, context) = await RunAsync(recorded);
        Assert.Equal([ActivityNames.ExtractChunk, ActivityNames.LoadChunk, ActivityNames.FinalizeTable, ActivityNames.ValidateTable],
            calls);

        var replay = ScriptedContext.Replaying("m1:s.t", context.Log, Now);
        await TableWorkflow.RunAsync(replay, recorded);
        Assert.Equal(context.Log, replay.Log);
    }

    [Theory]
    [InlineData(3, 2_400, 10)] // several chunks
    [InlineData(1, 100_000, 10)] // estimated large enough for the target to pause its autovacuum
    [InlineData(1, 0, 150_000)] // estimated at none, and it loaded many rows
    [InlineData(1, -1, 150_000)] // a size nobody measured, and it loaded many rows
    public async Task Other_tables_keep_finalize_beside_validation(int chunks, long estimatedRows, long loadedRows)
    {
        var input = new TableInput("m1", Spec, Table("t", chunks, estimatedRows)) { SmallTailInOne = true, SmallTailByLoadedRows = true };
        var (_, calls, _) = await RunAsync(input, loadedRows: loadedRows);
        Assert.DoesNotContain(ActivityNames.ValidateAndFinalizeTable, calls);
        Assert.Equal(1, calls.Count(c => c == ActivityNames.FinalizeTable));
        Assert.Equal(1, calls.Count(c => c == ActivityNames.ValidateTable));
    }

    [Theory]
    [InlineData(0, 0)] // an empty table
    [InlineData(0, 40)] // estimated at none (never analysed), a few rows loaded
    [InlineData(-1, 99_999)] // a size nobody measured
    public async Task A_one_chunk_table_estimated_at_none_is_judged_by_the_rows_it_loaded(long estimatedRows, long loadedRows)
    {
        var input = new TableInput("m1", Spec, Table("t", 1, estimatedRows)) { SmallTailInOne = true, SmallTailByLoadedRows = true };
        var (_, calls, context) = await RunAsync(input, loadedRows: loadedRows);
        Assert.Equal([ActivityNames.ExtractChunk, ActivityNames.LoadChunk, ActivityNames.ValidateAndFinalizeTable], calls);

        var replay = ScriptedContext.Replaying("m1:s.t", context.Log, Now);
        await TableWorkflow.RunAsync(replay, input);
        Assert.Equal(context.Log, replay.Log);
    }

    [Fact]
    public async Task An_input_recorded_before_the_loaded_rows_rule_keeps_two_activities_for_an_estimate_of_none()
    {
        var (_, calls, _) = await RunAsync(new TableInput("m1", Spec, Table("t", 1, 0)) { SmallTailInOne = true });
        Assert.Equal([ActivityNames.ExtractChunk, ActivityNames.LoadChunk, ActivityNames.FinalizeTable, ActivityNames.ValidateTable],
            calls);
    }

    [Fact]
    public async Task A_small_table_whose_digest_differs_has_its_chunk_read_back_to_name_it()
    {
        var (result, calls, _) = await RunAsync(new TableInput("m1", Spec, Table("t", 1, 800)) { SmallTailInOne = true }, differs: true);
        Assert.Equal([ActivityNames.ExtractChunk, ActivityNames.LoadChunk, ActivityNames.ValidateAndFinalizeTable,
            ActivityNames.ValidateChunk], calls);
        Assert.Equal(["t0001-s.t/c00000"], result.ChunkVerdicts.Where(v => !v.Matches).Select(v => v.ChunkId));
    }

    [Fact]
    public async Task The_migration_starts_its_table_workflows_with_the_one_activity_tail()
    {
        var plan = new PlanResult([Table("a", 1, 500), Table("b", 2, 1_500), Table("e", 1, 0)], new SourcePosition("lsn", "0/1", Now));
        var script = Script();
        var context = ScriptedContext.Recording("m1", (name, input) => name switch
        {
            ActivityNames.Discover => new DiscoverResult(3, 2_000, 20_000, plan.Position),
            ActivityNames.Plan => plan,
            ActivityNames.PrepareTarget => new PrepareResult(((PrepareWork)input).Tables.Count),
            ActivityNames.FinalizeMigration => new FinalizeMigrationResult([]),
            ActivityNames.WriteReport => new MigrationResult("m1", true, ((ReportInput)input).Tables.Count, 0, 0, "/tmp/x/m1"),
            _ => script(name, input),
        }, Now);
        await MigrationWorkflow.RunAsync(context, new MigrationInput("m1", Spec));

        Assert.Contains(ActivityNames.ValidateAndFinalizeTable, context.Histories["m1:s.a"].Select(c => c.Name));
        Assert.Contains(ActivityNames.ValidateAndFinalizeTable, context.Histories["m1:s.e"].Select(c => c.Name));
        Assert.DoesNotContain(ActivityNames.ValidateAndFinalizeTable, context.Histories["m1:s.b"].Select(c => c.Name));
        Assert.Contains(ActivityNames.FinalizeTable, context.Histories["m1:s.b"].Select(c => c.Name));
    }
}

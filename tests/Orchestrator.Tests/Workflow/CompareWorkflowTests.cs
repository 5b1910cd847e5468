using Orchestrator.Core.Catalog;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Workflow;

public class CompareWorkflowTests
{
    static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);

    static readonly MigrationSpec Spec = SpecLoader.Parse("""
        { "source": { "dialect": "postgres", "connection": "Legacy" }, "target": { "connection": "Modern" },
          "staging": { "kind": "local", "path": "/tmp/x" }, "chunking": { "maxParallel": 2 },
          "compare": { "settleSeconds": 3, "maxKeys": 1 } }
        """, SourceDialects.Traits);

    static readonly ComparePlan Plan = new(
    [
        new CompareTable
        {
            TableId = "t0001-s.keyed", Source = new TableName("s", "keyed"), Target = new TableName("s", "keyed"), Columns = ["id", "v"],
            Read = new(["id", "v"], new Dictionary<string, string>()), Mode = CompareMode.Ranges,
            Key = ["id"], KeyTypes = ["bigint"],
            Ranges = Enumerable.Range(0, 3)
                .Select(i => new ChunkRange
                {
                    Kind = RangeKind.Key, KeyColumns = ["id"], KeyTypes = ["bigint"], Lower = [$"{i * 10}"], Upper = [$"{i * 10 + 10}"],
                })
                .ToList(),
        },
        new CompareTable
        {
            TableId = "t0002-s.heap", Source = new TableName("s", "heap"), Target = new TableName("s", "heap"), Columns = ["v"],
            Read = new(["v"], new Dictionary<string, string>()), Mode = CompareMode.WholeTable,
            Note = "no key", Ranges = [new ChunkRange { Kind = RangeKind.Ctid }],
        },
    ]);

    static readonly System.Text.Json.Nodes.JsonObject Key = new() { ["id"] = 11 };

    /// <summary>Range 1 of the keyed table differs until a repair has run; the heap table always matches.</summary>
    static Func<string, object, object> Script(Func<bool> repaired) => (name, input) => name switch
    {
        ActivityNames.PlanCompare => Plan,
        ActivityNames.CompareRange when input is RangeTask { Index: 1 } r && !repaired() =>
            new RangeOutcome(r.Table.TableId, 1, 10, 10, "aa", "bb") { Found = new DifferenceCounts(Different: 2), Document = "d" },
        ActivityNames.CompareRange => new RangeOutcome(((RangeTask)input).Table.TableId, ((RangeTask)input).Index, 10, 10, "aa", "aa"),
        ActivityNames.CompareTableDigest => new RangeOutcome("t0002-s.heap", -1, 5, 5, "cc", "cc"),
        ActivityNames.RecheckRange => new RecheckOutcome("t0001-s.keyed", 1, new DifferenceCounts(Different: 2), 0,
            [new RowDifference(Key, DifferenceKind.Different) { Columns = ["v"] }]) { Document = "confirmed" },
        ActivityNames.RepairTable => new RepairOutcome("s.keyed", 0, 2, 0),
        ActivityNames.WriteCompareReport => Result((CompareReportInput)input),
        _ => throw new InvalidOperationException(name),
    };

    static CompareResult Result(CompareReportInput input)
    {
        var report = CompareReport.From(input);
        return new CompareResult(
            input.MigrationId, report.CompareId, report.Passed, report.Tables.Count, report.Confirmed, report.Settled, "/tmp/x");
    }

    static System.Text.Json.JsonElement Json(string text) => System.Text.Json.JsonDocument.Parse(text).RootElement;

    [Fact]
    public async Task Only_differing_ranges_are_rechecked_and_the_replayed_history_makes_the_same_calls()
    {
        var recording = ScriptedContext.Recording("m1:compare", Script(() => false), Now);
        var first = await CompareWorkflow.RunAsync(recording, new CompareInput("m1", Spec, "cmp-1"));
        Assert.False(first.Passed);
        Assert.Equal(2, first.Confirmed);
        Assert.Equal([ActivityNames.PlanCompare, ActivityNames.CompareRange, ActivityNames.CompareRange, ActivityNames.CompareRange,
            ActivityNames.CompareTableDigest, ActivityNames.RecheckRange, ActivityNames.WriteCompareReport],
            recording.Log.Select(c => c.Name));
        Assert.Equal(1, Json(recording.Log.Single(c => c.Name == ActivityNames.RecheckRange).Input).GetProperty("index").GetInt32());

        var replay = ScriptedContext.Replaying("m1:compare", recording.Log, Now);
        Assert.Equal(first, await CompareWorkflow.RunAsync(replay, new CompareInput("m1", Spec, "cmp-1")));
        Assert.Equal(recording.Log, replay.Log);
    }

    [Fact]
    public async Task Repair_runs_on_the_confirmed_tables_then_everything_is_compared_again()
    {
        var repaired = false;
        var context = ScriptedContext.Recording("m1:compare", (name, input) =>
        {
            var output = Script(() => repaired)(name, input);
            repaired |= name == ActivityNames.RepairTable;
            return output;
        }, Now);
        var result = await CompareWorkflow.RunAsync(context, new CompareInput("m1", Spec, "cmp-2", Repair: true));

        Assert.True(result.Passed, result.ToString());
        Assert.Equal("cmp-2-after-repair", result.CompareId);
        var repair = context.Log.Single(c => c.Name == ActivityNames.RepairTable);
        Assert.Equal("confirmed", Json(repair.Input).GetProperty("documents").EnumerateArray().Single().GetString());
        Assert.Equal(2, context.Log.Count(c => c.Name == ActivityNames.PlanCompare));
        Assert.Single(context.Log, c => c.Name == ActivityNames.RecheckRange); // nothing differs the second time: no settle, no recheck
        var report = CompareReport.From(System.Text.Json.JsonSerializer.Deserialize<CompareReportInput>(
            context.Log.Single(c => c.Name == ActivityNames.WriteCompareReport).Input, SpecLoader.JsonOptions)!);
        Assert.Equal(2, report.Repair!.Found.Single(t => t.Table == "s.keyed").Confirmed.Different);
        Assert.Equal(2, report.Repair.Repaired.Single().Updated);
        Assert.Equal(CompareMode.WholeTable, report.Tables.Single(t => t.Table == "s.heap").Mode);
    }

    [Fact]
    public async Task A_table_read_in_one_pass_is_one_call_and_its_differing_range_is_rechecked_alone()
    {
        var onePass = new ComparePlan([Plan.Tables[0] with { OnePass = true }]);
        var context = ScriptedContext.Recording("m1:compare", (name, input) => name switch
        {
            ActivityNames.PlanCompare => onePass,
            ActivityNames.CompareTableRanges => Enumerable.Range(0, 3).Select(i => i == 2
                ? new RangeOutcome("t0001-s.keyed", i, 10, 9, "aa", "bb") { Found = new DifferenceCounts(Missing: 1), Document = "d2" }
                : new RangeOutcome("t0001-s.keyed", i, 10, 10, "aa", "aa")).ToList(),
            ActivityNames.RecheckRange => new RecheckOutcome("t0001-s.keyed", 2, new DifferenceCounts(), 1, []),
            ActivityNames.WriteCompareReport => Result((CompareReportInput)input),
            _ => throw new InvalidOperationException(name),
        }, Now);
        var result = await CompareWorkflow.RunAsync(context, new CompareInput("m1", Spec, "cmp-3"));

        Assert.True(result.Passed && result.Settled == 1, result.ToString());
        Assert.Equal(
            [ActivityNames.PlanCompare, ActivityNames.CompareTableRanges, ActivityNames.RecheckRange, ActivityNames.WriteCompareReport],
            context.Log.Select(c => c.Name));
        var recheck = Json(context.Log.Single(c => c.Name == ActivityNames.RecheckRange).Input);
        Assert.Equal(2, recheck.GetProperty("index").GetInt32());
        Assert.Equal("20", recheck.GetProperty("range").GetProperty("lower")[0].GetString());
        Assert.Equal(0, recheck.GetProperty("table").GetProperty("ranges").GetArrayLength()); // the recheck carries its range alone
        var report = CompareReport.From(System.Text.Json.JsonSerializer.Deserialize<CompareReportInput>(
            context.Log.Single(c => c.Name == ActivityNames.WriteCompareReport).Input, SpecLoader.JsonOptions)!);
        Assert.Equal((30L, 29L), (report.Tables[0].SourceRows, report.Tables[0].TargetRows));
    }
}

using Orchestrator.Core.Comparison;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Sync;
using Orchestrator.Core.Workflow;
using Orchestrator.Tests.Workflow;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Sync;

public class CutoverWorkflowTests
{
    static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    static readonly MigrationSpec Spec = SpecLoader.Parse("""
        { "source": { "dialect": "postgres", "connection": "Legacy" }, "target": { "connection": "Modern" },
          "staging": { "kind": "local", "path": "/tmp/x" }, "sync": { "enabled": true, "batchesPerGeneration": 2 } }
        """, SourceDialects.Traits);

    /// <summary>
    /// A sync and a cutover: ApplyChanges reports the cutover once CompleteCutover ran; compare finds <paramref name="differences"/>.
    /// </summary>
    static Func<string, object, object> Script(List<string> calls, long differences = 0, bool caughtUp = true,
        StoredPrecheck? kept = null) =>
        (name, input) =>
    {
        calls.Add(name);
        return name switch
        {
            ActivityNames.ReadPrecheck => new PrecheckRecall(kept, null),
            ActivityNames.WritePrecheck => new StoredPrecheck("0/1", ((PrecheckWrite)input).AtUtc, ((PrecheckWrite)input).RoundKeys,
                ((PrecheckWrite)input).Prechecks),
            ActivityNames.ApplyChanges => new SyncBatchResult(3, 1, "0/9", 0, null, CutOver: calls.Contains(ActivityNames.CompleteCutover)),
            ActivityNames.BeginCutover => new CutoverBegun("barrier:1", Now),
            ActivityNames.AwaitBarrier
                => new CutoverCaughtUp(caughtUp, caughtUp ? Now.AddSeconds(1) : null, 42, caughtUp ? "no lag" : "lag: 9 changes"),
            ActivityNames.PlanCompare => new ComparePlan([]),
            ActivityNames.WriteCompareReport
                => new CompareResult("m1", ((CompareReportInput)input).Compare.CompareId, differences == 0, 3, differences, 0, "/x"),
            ActivityNames.CompleteCutover => new CutoverCompleted(["sequences", "foreign keys"], Now.AddSeconds(3)),
            ActivityNames.WriteCutoverReport
                => new CutoverResult("m1", ((CutoverReportInput)input).Ready, differences, ((CutoverReportInput)input).Timeline,
                    "/x/cutover.md", []),
            _ => throw new InvalidOperationException(name),
        };
    };

    [Fact]
    public async Task A_cutover_asked_of_the_sync_runs_beside_it_and_the_sync_ends_once_ready()
    {
        var calls = new List<string>();
        var context = ScriptedContext.Recording("m1:sync", Script(calls), Now);
        context.Events[SyncWorkflow.CutoverEvent] = new CutoverRequest(TimeoutSeconds: 30);
        var result = await SyncWorkflow.RunAsync(context, new SyncInput("m1", Spec));

        Assert.True(result!.CutOver);
        Assert.True(result.Report!.Ready);
        Assert.Null(context.ContinuedWith); // a generation that cut over ends the sync instead of continuing
        Assert.Equal([ActivityNames.ApplyChanges, ActivityNames.ReadPrecheck, ActivityNames.BeginCutover, ActivityNames.AwaitBarrier,
            ActivityNames.PlanCompare, ActivityNames.WriteCompareReport, ActivityNames.CompleteCutover, ActivityNames.WriteCutoverReport,
            ActivityNames.ApplyChanges], calls);
        var cutover = context.Histories["m1:cutover"];
        Assert.Equal(new CutoverTimeline(Now, Now.AddSeconds(1), Now, Now.AddSeconds(3)),
            ((CutoverReportInput)System.Text.Json.JsonSerializer
                .Deserialize<CutoverReportInput>(cutover[^1].Input, SpecLoader.JsonOptions)!).Timeline);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Cutover_compares_the_keys_the_sync_changed_unless_asked_for_every_row(bool fullCompare)
    {
        var calls = new List<string>();
        CompareInput? compared = null;
        var script = Script(calls);
        var context = ScriptedContext.Recording("m1:cutover", (name, input) =>
        {
            if (input is CompareInput compare) compared = compare;
            return script(name, input);
        }, Now);
        await CutoverWorkflow.RunAsync(context, new CutoverInput("m1", Spec, TimeoutSeconds: 30, FullCompare: fullCompare));
        Assert.Equal(!fullCompare, compared!.ChangedOnly);
    }

    [Fact]
    public async Task Differences_leave_the_migration_unready_and_the_sync_going()
    {
        var calls = new List<string>();
        var context = ScriptedContext.Recording("m1:sync", Script(calls, differences: 2), Now);
        context.Events[SyncWorkflow.CutoverEvent] = new CutoverRequest();
        Assert.Null(await SyncWorkflow.RunAsync(context, new SyncInput("m1", Spec)));
        Assert.DoesNotContain(ActivityNames.CompleteCutover, calls);
        Assert.NotNull(context.ContinuedWith);
        Assert.Equal("sync (cutover found differences)", ((SyncStatus)context.Statuses[^1]!).Phase);
    }

    [Fact]
    public async Task A_sync_that_never_catches_up_fails_the_cutover_after_its_timeout()
    {
        var context = ScriptedContext.Recording("m1:cutover", Script([], caughtUp: false), Now);
        var failed = await Assert.ThrowsAsync<CutoverFailedException>(() => CutoverWorkflow.RunAsync(context,
            new CutoverInput("m1", Spec, TimeoutSeconds: 5)));
        Assert.Contains("did not catch up within 5 s of writes stopping (lag: 9 changes)", failed.Message);
    }

    [Fact]
    public async Task A_read_only_cutover_prechecks_while_writes_run_and_passes_on_what_it_vouches_for_and_what_still_differed()
    {
        var calls = new List<string>();
        var compares = new List<CompareInput>();
        var order = new List<string>();
        var script = Script(calls);
        static ChunkRange Changed(long from, long to)
            => new() { Kind = RangeKind.Changed, KeyColumns = ["id"], KeyTypes = ["bigint"], FromPage = from, ToPage = to };
        CompareTable Table(string id, CompareMode mode, IReadOnlyList<ChunkRange> ranges) => new()
        {
            TableId = id, Source = new("s", id), Target = new("s", id), Columns = ["id"],
            Read = new(["id"], new Dictionary<string, string>()), Mode = mode, Ranges = ranges,
            ChangedThrough = 7,
        };
        var context = ScriptedContext.Recording("m1:cutover", (name, input) =>
        {
            if (input is CompareInput compare) compares.Add(compare);
            order.Add(name);
            return name switch
            {
                // The pre-check's plan: t1 by listed keys, t2 whole; the sync had recorded changes through 7.
                ActivityNames.PlanCompare when ((CompareInput)input).CompareId.StartsWith("cutover-pre", StringComparison.Ordinal)
                    => new ComparePlan([
                    Table("t1", CompareMode.Ranges, [Changed(0, 20000), Changed(20000, 30000)]),
                    Table("t2", CompareMode.WholeTable, []), Table("t3", CompareMode.WholeTable, [])]),
                ActivityNames.CompareRange
                    => new RangeOutcome("t1", ((RangeTask)input).Index, 1, 1, "a", ((RangeTask)input).Index == 1 ? "b" : "a"),
                ActivityNames.RecheckRange => new RecheckOutcome("t1", ((RangeTask)input).Index, new DifferenceCounts(Different: 1), 0, []),
                ActivityNames.CompareTableDigest => new RangeOutcome(((TableDigestTask)input).Table.TableId, 0, 1, 1, "a",
                    ((TableDigestTask)input).Table.TableId == "t2" ? "b" : "a"),
                _ => script(name, input),
            };
        }, Now);
        await CutoverWorkflow.RunAsync(context, new CutoverInput("m1", Spec, ReadOnly: true, TimeoutSeconds: 30));

        Assert.True(order.IndexOf(ActivityNames.PlanCompare) < order.IndexOf(ActivityNames.BeginCutover),
            "the pre-check ran after writes stopped");
        // Every round big (30,000 keys): three rounds, each after the one before.
        Assert.Equal(4, compares.Count);
        Assert.Null(compares[0].Prechecks);
        Assert.Equal(["t1", "t3"], compares[1].Prechecks!.Select(p => p.TableId));
        var final = compares[^1];
        Assert.True(final.ChangedOnly);
        // t1: keys changed after 7, and its range that still differed; t2 (whole, still different): everything again; t3: after 7.
        Assert.Equal(2, final.Prechecks!.Count);
        Assert.Equal(("t1", 7L), (final.Prechecks[0].TableId, final.Prechecks[0].ChangedThrough));
        Assert.Equal([new KeySpan(20000, 30000)], final.Prechecks[0].Unsettled);
        Assert.Equal(("t3", 0), (final.Prechecks[1].TableId, final.Prechecks[1].Unsettled.Count));
    }

    [Fact]
    public async Task A_cutover_whose_application_stopped_writing_runs_no_precheck()
    {
        var calls = new List<string>();
        var context = ScriptedContext.Recording("m1:cutover", Script(calls), Now);
        await CutoverWorkflow.RunAsync(context, new CutoverInput("m1", Spec, TimeoutSeconds: 30));
        // the writes already stopped: a pre-check would only lengthen the window
        Assert.Equal(1, calls.Count(c => c == ActivityNames.PlanCompare));
    }

    [Fact]
    public async Task A_small_precheck_round_is_the_last_before_writes_stop()
    {
        var compares = new List<CompareInput>();
        var script = Script([]);
        var context = ScriptedContext.Recording("m1:cutover", (name, input) =>
        {
            if (input is CompareInput compare) compares.Add(compare);
            return name switch
            {
                ActivityNames.PlanCompare when compares.Count == 1 => new ComparePlan([new CompareTable
                {
                    TableId = "t1", Source = new("s", "t1"), Target = new("s", "t1"), Columns = ["id"],
                    Read = new(["id"], new Dictionary<string, string>()),
                    Mode = CompareMode.Ranges, ChangedThrough = 9,
                    Ranges = [new ChunkRange { Kind = RangeKind.Changed, KeyColumns = ["id"], KeyTypes = ["bigint"],
                        FromPage = 0, ToPage = 4000 }],
                }]),
                ActivityNames.CompareRange => new RangeOutcome("t1", 0, 1, 1, "a", "a"),
                _ => script(name, input),
            };
        }, Now);
        await CutoverWorkflow.RunAsync(context, new CutoverInput("m1", Spec, ReadOnly: true, TimeoutSeconds: 30));
        Assert.Equal(2, compares.Count); // one round of 4,000 keys, then the window
        Assert.Equal(9, compares[1].Prechecks!.Single().ChangedThrough);
    }

    /// <summary>A plan of one table compared by 4,000 listed keys, changed through 9: a small round.</summary>
    static ComparePlan SmallPlan() => new([new CompareTable
    {
        TableId = "t1", Source = new("s", "t1"), Target = new("s", "t1"), Columns = ["id"],
        Read = new(["id"], new Dictionary<string, string>()), Mode = CompareMode.Ranges, ChangedThrough = 9,
        Ranges = [new ChunkRange { Kind = RangeKind.Changed, KeyColumns = ["id"], KeyTypes = ["bigint"], FromPage = 0, ToPage = 4000 }],
    }]);

    [Fact]
    public async Task Prepare_runs_only_the_precheck_while_writes_go_on_and_keeps_what_it_vouches_for()
    {
        var calls = new List<string>();
        PrecheckWrite? written = null;
        var script = Script(calls);
        var context = ScriptedContext.Recording("m1:cutover", (name, input) =>
        {
            if (input is PrecheckWrite write) written = write;
            return name switch
            {
                ActivityNames.PlanCompare => SmallPlan(),
                ActivityNames.CompareRange => new RangeOutcome("t1", 0, 1, 1, "a", "a"),
                _ => script(name, input),
            };
        }, Now);
        var result = await CutoverWorkflow.RunAsync(context, new CutoverInput("m1", Spec, Prepare: true));

        Assert.DoesNotContain(ActivityNames.BeginCutover, calls); // nothing stops, nothing is marked
        Assert.DoesNotContain(ActivityNames.WriteCutoverReport, calls);
        Assert.False(result.Ready);
        Assert.Equal([4000L], result.Prepared!.RoundKeys);
        Assert.Equal(("t1", 9L), (written!.Prechecks.Single().TableId, written.Prechecks.Single().ChangedThrough));
    }

    [Fact]
    public async Task A_cutover_after_prepare_compares_only_what_changed_after_the_kept_precheck()
    {
        var calls = new List<string>();
        var compares = new List<CompareInput>();
        var kept = new StoredPrecheck("0/1", Now.AddMinutes(-5), [4000], [new Precheck("t1", 9, [new KeySpan(10, 20)])]);
        var script = Script(calls, kept: kept);
        var context = ScriptedContext.Recording("m1:cutover", (name, input) =>
        {
            if (input is CompareInput compare) compares.Add(compare);
            return script(name, input);
        }, Now);
        await CutoverWorkflow.RunAsync(context, new CutoverInput("m1", Spec, TimeoutSeconds: 30));

        var window = Assert.Single(compares); // no rounds in the window: the application has stopped writing
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(kept.Prechecks, SpecLoader.JsonOptions),
            System.Text.Json.JsonSerializer.Serialize(window.Prechecks, SpecLoader.JsonOptions));
        var report = System.Text.Json.JsonSerializer.Deserialize<CutoverReportInput>(context.Histories["m1:cutover"][^1].Input,
            SpecLoader.JsonOptions)!;
        Assert.Equal(kept.AtUtc, report.Timeline.PrecheckedUtc);
    }

    [Fact]
    public async Task A_full_compare_ignores_a_kept_precheck()
    {
        var calls = new List<string>();
        var compares = new List<CompareInput>();
        var kept = new StoredPrecheck("0/1", Now, [1], [new Precheck("t1", 9, [])]);
        var script = Script(calls, kept: kept);
        var context = ScriptedContext.Recording("m1:cutover", (name, input) =>
        {
            if (input is CompareInput compare) compares.Add(compare);
            return script(name, input);
        }, Now);
        await CutoverWorkflow.RunAsync(context, new CutoverInput("m1", Spec, TimeoutSeconds: 30, FullCompare: true));
        Assert.DoesNotContain(ActivityNames.ReadPrecheck, calls);
        Assert.Null(Assert.Single(compares).Prechecks);
    }

    [Fact]
    public async Task A_request_taken_as_a_generation_ends_is_carried_into_the_next()
    {
        var context = ScriptedContext.Recording("m1:sync", Script([]), Now);
        context.Events[SyncWorkflow.CutoverEvent] = new CutoverRequest(Prepare: true); // every wait receives it at once
        Assert.Null(await SyncWorkflow.RunAsync(context, new SyncInput("m1", Spec)));
        Assert.True(((SyncInput)context.ContinuedWith!).Requested!.Prepare);
    }

    [Fact]
    public async Task A_carried_request_starts_the_cutover_without_a_new_event()
    {
        var calls = new List<string>();
        var context = ScriptedContext.Recording("m1:sync", Script(calls), Now);
        var result = await SyncWorkflow.RunAsync(context, new SyncInput("m1", Spec) { Requested = new CutoverRequest(TimeoutSeconds: 30) });
        Assert.True(result!.CutOver);
        Assert.Contains(ActivityNames.BeginCutover, calls);
    }
}

using Orchestrator.Core.Comparison;
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

    /// <summary>A sync and a cutover: ApplyChanges reports the cutover once CompleteCutover ran; compare finds <paramref name="differences"/>.</summary>
    static Func<string, object, object> Script(List<string> calls, long differences = 0, bool caughtUp = true) => (name, input) =>
    {
        calls.Add(name);
        return name switch
        {
            ActivityNames.ApplyChanges => new SyncBatchResult(3, 1, "0/9", 0, null, CutOver: calls.Contains(ActivityNames.CompleteCutover)),
            ActivityNames.BeginCutover => new CutoverBegun("barrier:1", Now),
            ActivityNames.AwaitBarrier => new CutoverCaughtUp(caughtUp, caughtUp ? Now.AddSeconds(1) : null, 42, caughtUp ? "no lag" : "lag: 9 changes"),
            ActivityNames.PlanCompare => new ComparePlan([]),
            ActivityNames.WriteCompareReport => new CompareResult("m1", ((CompareReportInput)input).Compare.CompareId, differences == 0, 3, differences, 0, "/x"),
            ActivityNames.CompleteCutover => new CutoverCompleted(["sequences", "foreign keys"], Now.AddSeconds(3)),
            ActivityNames.WriteCutoverReport => new CutoverResult("m1", ((CutoverReportInput)input).Ready, differences, ((CutoverReportInput)input).Timeline, "/x/cutover.md", []),
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
        Assert.Equal([ActivityNames.ApplyChanges, ActivityNames.BeginCutover, ActivityNames.AwaitBarrier, ActivityNames.PlanCompare,
            ActivityNames.WriteCompareReport, ActivityNames.CompleteCutover, ActivityNames.WriteCutoverReport, ActivityNames.ApplyChanges], calls);
        var cutover = context.Histories["m1:cutover"];
        Assert.Equal(new CutoverTimeline(Now, Now.AddSeconds(1), Now, Now.AddSeconds(3)), ((CutoverReportInput)System.Text.Json.JsonSerializer
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
        var failed = await Assert.ThrowsAsync<CutoverFailedException>(() => CutoverWorkflow.RunAsync(context, new CutoverInput("m1", Spec, TimeoutSeconds: 5)));
        Assert.Contains("did not catch up within 5 s of writes stopping (lag: 9 changes)", failed.Message);
    }
}

using Orchestrator.Core.Spec;
using Orchestrator.Core.Sync;
using Orchestrator.Core.Workflow;
using Orchestrator.Tests.Workflow;
using Orchestrator.Core.Sources;

namespace Orchestrator.Tests.Sync;

public class SyncWorkflowTests
{
    static readonly DateTime Now = new(2026, 11, 24, 12, 0, 0, DateTimeKind.Utc);

    static readonly MigrationSpec Spec = SpecLoader.Parse("""
        { "source": { "dialect": "postgres", "connection": "Legacy" }, "target": { "connection": "Modern" },
          "staging": { "kind": "local", "path": "/tmp/x" }, "sync": { "enabled": true, "batchesPerGeneration": 3 } }
        """, SourceDialects.Traits);

    [Fact]
    public async Task A_generation_applies_its_batches_then_continues_as_new_with_nothing_but_its_input()
    {
        var batches = 0;
        var recording = ScriptedContext.Recording("m1:sync", (name, _) => name == ActivityNames.ApplyChanges
            ? new SyncBatchResult(10, 2, $"0/{++batches}", 0, null, false) : throw new InvalidOperationException(name), Now);
        var input = new SyncInput("m1", Spec, Generation: 4);
        Assert.Null(await SyncWorkflow.RunAsync(recording, input));

        Assert.Equal(3, recording.Log.Count);
        // The next generation starts from the same input: the position is in the target, not carried in history.
        Assert.Equal(input with { Generation = 5 }, recording.ContinuedWith);
        Assert.Equal(new SyncStatus("sync", "forward", "0/3", 30, 0, 4), recording.Statuses[^1]);

        var replay = ScriptedContext.Replaying("m1:sync", recording.Log, Now);
        await SyncWorkflow.RunAsync(replay, input);
        Assert.Equal(recording.Log, replay.Log);
    }

    [Fact]
    public async Task A_cut_over_migration_ends_the_sync()
    {
        var calls = 0;
        var context = ScriptedContext.Recording("m1:sync", (_, _) => ++calls < 2
            ? new SyncBatchResult(5, 1, "0/9", 0, null, false) : new SyncBatchResult(0, 0, "", 0, null, CutOver: true), Now);
        var result = await SyncWorkflow.RunAsync(context, new SyncInput("m1", Spec));
        Assert.Equal(new SyncResult("m1", "forward", "0/9", CutOver: true), result);
        Assert.Null(context.ContinuedWith);
    }
}

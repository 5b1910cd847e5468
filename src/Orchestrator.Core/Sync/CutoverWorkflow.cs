using Orchestrator.Core.Comparison;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync;

/// <summary>
/// Cutover, in order: writes stop (the application's, or the source made read-only), the sync catches up to a
/// barrier written after them, compare finds zero differences (in the keys the sync changed, which the load's
/// validation left to prove; every row with FullCompare), sequences and foreign keys are set, the slot is dropped;
/// its report's timeline is the downtime window. A running sync applies changes all along; it ends once the
/// migration is ready. Deterministic.
/// </summary>
public static class CutoverWorkflow
{
    public const string Name = "CutoverWorkflow";
    const int WaitSliceSeconds = 60;

    public static string InstanceIdFor(string migrationId) => $"{migrationId}:cutover";

    /// <summary>A --prepare run's own instance (one per request), so the cutover after it can take the usual one.</summary>
    public static string PrepareInstanceIdFor(string migrationId, DateTime requestedUtc) =>
        $"{migrationId}:cutover-prepare-{requestedUtc.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture)}";

    public static async Task<CutoverResult> RunAsync(IWorkflowContext context, CutoverInput input)
    {
        var retry = ActivityRetry.Default;
        // A pre-check kept by cutover --prepare: this cutover compares only what changed after it.
        var kept = input.FullCompare ? null
            : (await context.CallActivityAsync<PrecheckRecall>(ActivityNames.ReadPrecheck, input, retry)).Stored;
        var (prechecks, prechecked) = (kept?.Prechecks, kept?.AtUtc);
        if (input.Prepare || (input.ReadOnly && !input.FullCompare))
        {
            var (checks, rounds) = await PrecheckAsync(context, input, prechecks);
            (prechecks, prechecked) = (checks, context.CurrentUtcDateTime);
            if (input.Prepare)
            {
                var stored = await context.CallActivityAsync<StoredPrecheck>(ActivityNames.WritePrecheck,
                    new PrecheckWrite(input.MigrationId, input.Spec, prechecked.Value, rounds, checks), retry);
                return new CutoverResult(input.MigrationId, false, 0, new CutoverTimeline(prechecked.Value, null, null, null), "", [])
                    { Prepared = stored };
            }
        }
        var begun = await context.CallActivityAsync<CutoverBegun>(ActivityNames.BeginCutover, input, retry);
        var timeline = new CutoverTimeline(begun.WritesStoppedUtc, null, null, null) { PrecheckedUtc = prechecked };
        var deadline = begun.WritesStoppedUtc.AddSeconds(input.TimeoutSeconds);
        CutoverCaughtUp caught;
        while (true)
        {
            var left = (int)Math.Ceiling((deadline - context.CurrentUtcDateTime).TotalSeconds);
            caught = await context.CallActivityAsync<CutoverCaughtUp>(ActivityNames.AwaitBarrier,
                new CutoverWait(input.MigrationId, input.Spec, begun.Barrier, Math.Clamp(left, 1, WaitSliceSeconds)), retry);
            if (caught.CaughtUp) break;
            if (left <= WaitSliceSeconds)
                throw new CutoverFailedException($"cutover of {input.MigrationId}: the sync did not catch up within " +
                    $"{input.TimeoutSeconds} s of writes stopping ({caught.Lag}). Is `migrator sync` running? " +
                    "Run cutover again once it is, or with a longer --timeout");
        }
        timeline = timeline with { CaughtUpUtc = caught.AtUtc };

        context.SetCustomStatus(new SyncStatus("cutover-compare", SyncDirections.Forward, "", caught.AppliedChanges, 0, 0));
        var compare = await context.CallSubWorkflowAsync<CompareResult>(CompareWorkflow.Name,
            new CompareInput(input.MigrationId, input.Spec, "cutover-" + CompareWorkflow.NewId(context.CurrentUtcDateTime),
                ChangedOnly: !input.FullCompare, Prechecks: prechecks),
            CompareWorkflow.InstanceIdFor(input.MigrationId));
        timeline = timeline with { ComparedUtc = context.CurrentUtcDateTime };
        IReadOnlyList<string> steps = [];
        if (compare.Passed)
        {
            var completed = await context.CallActivityAsync<CutoverCompleted>(ActivityNames.CompleteCutover,
                new CutoverCompletion(input.MigrationId, input.Spec, caught.AppliedChanges), retry);
            (steps, timeline) = (completed.Steps, timeline with { ReadyUtc = completed.ReadyUtc });
        }
        return await context.CallActivityAsync<CutoverResult>(ActivityNames.WriteCutoverReport,
            new CutoverReportInput(input.MigrationId, input.Spec, timeline, compare, steps, compare.Passed, input.FullCompare), retry);
    }

    /// <summary>
    /// While writes still go on (before --read-only stops them, or with --prepare before the application does), the keys
    /// the sync changed so far are compared, so the window only has to compare what changed after: a table that passed
    /// (or whose still-differing ranges are passed on as unsettled) needs only its later keys. A table compared whole
    /// that still differed passes nothing on. Each round compares what changed during the one before (the first, what
    /// changed after <paramref name="kept"/>), until a round is small (<see cref="SmallRound"/> keys).
    /// </summary>
    static async Task<(IReadOnlyList<Precheck> Prechecks, IReadOnlyList<long> RoundKeys)> PrecheckAsync(IWorkflowContext context,
        CutoverInput input, IReadOnlyList<Precheck>? kept)
    {
        context.SetCustomStatus(new SyncStatus("cutover-precheck", SyncDirections.Forward, "", 0, 0, 0));
        var prechecks = kept;
        var roundKeys = new List<long>();
        for (var round = 1; round <= PrecheckRounds; round++)
        {
            var pass = await CompareWorkflow.PassAsync(context,
                new CompareInput(input.MigrationId, input.Spec, "", ChangedOnly: true, Prechecks: prechecks),
                $"cutover-pre{round}-" + CompareWorkflow.NewId(context.CurrentUtcDateTime));
            prechecks = Vouched(pass);
            var keys = pass.Plan.Tables.Where(ByListedKeys).Sum(t => t.Ranges.Sum(r => (r.ToPage ?? 0) - (r.FromPage ?? 0)));
            roundKeys.Add(keys);
            if (pass.Plan.Tables.All(ByListedKeys) && keys <= SmallRound) break;
        }
        return (prechecks ?? [], roundKeys);
    }

    /// <summary>Compared by the sync's changed keys, listed (not whole, not by key ranges).</summary>
    static bool ByListedKeys(CompareTable table) => table.Mode == CompareMode.Ranges && table.Ranges.All(r => r.Kind == RangeKind.Changed);

    const int PrecheckRounds = 3;
    const long SmallRound = 5_000;

    static List<Precheck> Vouched(ComparePass pass)
    {
        var prechecks = new List<Precheck>();
        foreach (var table in pass.Plan.Tables.Where(t => t.ChangedThrough is not null))
        {
            var differing = pass.Rechecks.Where(r => r.TableId == table.TableId && r.Confirmed.Total > 0).Select(r => r.Index).ToList();
            if (differing.Count > 0 && !ByListedKeys(table)) continue;
            prechecks.Add(new Precheck(table.TableId, table.ChangedThrough!.Value,
                differing.Select(i => new KeySpan(table.Ranges[i].FromPage ?? 0, table.Ranges[i].ToPage ?? 0)).ToList()));
        }
        return prechecks;
    }
}

/// <summary>Cutover could not complete (the sync did not catch up, writes went on); the legacy database stays authoritative.</summary>
public sealed class CutoverFailedException(string message) : Exception(message);

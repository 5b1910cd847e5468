using Orchestrator.Core.Comparison;

namespace Orchestrator.Core.Workflow;

/// <summary>
/// The live comparison: plan, then every range of every table in one bounded window (a table's ranges in one read of
/// each side where its key allows, whole tables where there is no usable key); after the settle delay (a durable
/// timer) the ranges that differed are compared again, so what was in flight settles and what stays is confirmed.
/// With repair, the confirmed differences are repaired table by table and everything is compared again.
/// Deterministic: only descriptors pass through it.
/// </summary>
public static class CompareWorkflow
{
    public const string Name = "CompareWorkflow";

    /// <summary>
    /// One comparison per migration at a time: "{migration}:compare" (table instances always have a dot after the colon).
    /// </summary>
    public static string InstanceIdFor(string migrationId) => $"{migrationId}:compare";

    /// <summary>A new comparison's id, from the time it starts.</summary>
    public static string NewId(DateTime utcNow) => $"cmp-{utcNow:yyyyMMdd-HHmmss}";

    public static async Task<CompareResult> RunAsync(IWorkflowContext context, CompareInput input)
    {
        var started = context.CurrentUtcDateTime;
        var first = await PassAsync(context, input, input.CompareId);
        ComparePass? before = null;
        IReadOnlyList<RepairOutcome> repairs = [];
        if (input.Repair && first.Rechecks.Any(r => r.Confirmed.Total > 0))
        {
            context.SetCustomStatus(new CompareStatus("repair", 0, 0));
            repairs = await RepairAsync(context, input, first);
            before = first;
            first = await PassAsync(context, input, input.CompareId + "-after-repair");
        }
        context.SetCustomStatus(new CompareStatus("report", 0, 0));
        return await context.CallActivityAsync<CompareResult>(ActivityNames.WriteCompareReport,
            new CompareReportInput(input, first, before, repairs, started, context.CurrentUtcDateTime), ActivityRetry.Default);
    }

    /// <summary>Compares once (plan, ranges, settle and recheck what differed), with no report: a pass of a larger workflow.</summary>
    public static async Task<ComparePass> PassAsync(IWorkflowContext context, CompareInput input, string compareId)
    {
        var retry = ActivityRetry.Default;
        var pass = input with { CompareId = compareId };
        var plan = await context.CallActivityAsync<ComparePlan>(ActivityNames.PlanCompare, pass, retry);
        var work = plan.Tables.SelectMany(t => t.Mode != CompareMode.Ranges ? [new TableDigestTask(input.MigrationId, input.Spec, t)]
            : t.OnePass ? [new TablePassTask(input.MigrationId, input.Spec, compareId, t)]
            : t.Ranges.Select((range, i) => (object)new RangeTask(input.MigrationId, input.Spec, compareId,
                t with { Ranges = [] }, i, range))).ToList();
        var (done, total) = (0, work.Sum(Ranges));
        context.SetCustomStatus(new CompareStatus("compare", 0, total));
        var found = await Windowed.RunAsync(work, input.Spec.Chunking.MaxParallel, async task =>
        {
            var outcomes = await Compare(context, task, retry);
            context.SetCustomStatus(new CompareStatus("compare", Interlocked.Add(ref done, Ranges(task)), total));
            return outcomes;
        });

        var differing = work.Zip(found).SelectMany(w => w.Second.Where(o => o.Differs).Select(o => RecheckOf(w.First, o))).ToList();
        IReadOnlyList<RecheckOutcome> rechecks = [];
        if (differing.Count > 0)
        {
            context.SetCustomStatus(new CompareStatus("settle", 0, differing.Count));
            await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(input.Spec.Compare.SettleSeconds), CancellationToken.None);
            context.SetCustomStatus(new CompareStatus("recheck", 0, differing.Count));
            rechecks = await Windowed.RunAsync(differing, input.Spec.Chunking.MaxParallel, task => Recheck(context, task, retry));
        }
        return new ComparePass(compareId, plan, found.SelectMany(o => o).ToList(), rechecks);
    }

    static int Ranges(object task) => task is TablePassTask pass ? pass.Table.Ranges.Count : 1;

    static async Task<IReadOnlyList<RangeOutcome>> Compare(IWorkflowContext context, object task, ActivityRetry retry) => task switch
    {
        RangeTask range => [await context.CallActivityAsync<RangeOutcome>(ActivityNames.CompareRange, range, retry)],
        TablePassTask table => await context.CallActivityAsync<IReadOnlyList<RangeOutcome>>(ActivityNames.CompareTableRanges, table, retry),
        _ => [await context.CallActivityAsync<RangeOutcome>(ActivityNames.CompareTableDigest, task, retry)],
    };

    /// <summary>What reads a differing range again: its own task, or for a table read in one pass, a task for that range alone.</summary>
    static object RecheckOf(object task, RangeOutcome outcome) => task is TablePassTask pass
        ? new RangeTask(pass.MigrationId, pass.Spec, pass.CompareId, pass.Table with { Ranges = [] }, outcome.Index,
            pass.Table.Ranges[outcome.Index])
        : task;

    static async Task<RecheckOutcome> Recheck(IWorkflowContext context, object task, ActivityRetry retry) => task is RangeTask range
        ? await context.CallActivityAsync<RecheckOutcome>(ActivityNames.RecheckRange, range, retry)
        : RecheckOutcome.OfWholeTable(await context.CallActivityAsync<RangeOutcome>(ActivityNames.CompareTableDigest,
            (TableDigestTask)task with { Recheck = true }, retry));

    /// <summary>Table by table; a table a foreign key blocks is tried again after the others, while any round makes progress.</summary>
    static async Task<IReadOnlyList<RepairOutcome>> RepairAsync(IWorkflowContext context, CompareInput input, ComparePass pass)
    {
        var pending = pass.Plan.Tables.Select(t => (Table: t,
            Documents: pass.Rechecks.Where(r => r.TableId == t.TableId && r.Document is not null)
                .Select(r => r.Document!).ToList()))
            .Where(t => t.Documents.Count > 0).ToList();
        var repaired = new List<RepairOutcome>();
        while (pending.Count > 0)
        {
            var blocked = new List<((CompareTable, List<string>) Work, RepairOutcome Outcome)>();
            foreach (var (table, documents) in pending)
            {
                var outcome = await context.CallActivityAsync<RepairOutcome>(ActivityNames.RepairTable,
                    new RepairTask(input.MigrationId, input.Spec, pass.CompareId, table with { Ranges = [] }, documents),
                    ActivityRetry.Default);
                if (outcome.Blocked is null) repaired.Add(outcome); else blocked.Add(((table, documents), outcome));
            }
            if (blocked.Count == pending.Count)
            {
                repaired.AddRange(blocked.Select(b => b.Outcome));
                break;
            }
            pending = blocked.Select(b => b.Work).ToList();
        }
        return repaired;
    }
}

using System.Diagnostics;
using Npgsql;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// Repairs one table's confirmed differences, range by range, each in its own target transaction, recorded in
/// _migrator.compare_repairs. A foreign key that refuses a range (its parent row is repaired with another table)
/// stops the table as blocked, for the workflow to try again after the others; what committed stays, and a rerun
/// finds it equal.
/// </summary>
public sealed class RepairTableActivity(MigrationServices services) : WorkflowActivity<RepairTask, RepairOutcome>
{
    public override string Name => ActivityNames.RepairTable;

    protected override async Task<RepairOutcome> RunAsync(RepairTask input, Activity? span, CancellationToken ct)
    {
        span?.SetTag("migration.table", input.Table.Source.ToString());
        var sides = await RangeSides.ForAsync(services, input.MigrationId, input.Spec, input.Table, ct);
        await CompareRepair.EnsureLedgerAsync(sides.Target, ct);
        var store = services.Store(input.Spec);
        var outcome = new RepairOutcome(input.Table.Target.ToString(), 0, 0, 0);
        foreach (var document in input.Documents)
            foreach (var leaf in await LeafDocuments.ReadAsync(store, input.MigrationId, document, ct))
            {
                if (!leaf.Listed)
                {
                    outcome = outcome with { Unlisted = outcome.Unlisted + Math.Max(leaf.SourceRows, leaf.TargetRows) };
                    continue;
                }
                try
                {
                    var done = await CompareRepair.RepairAsync(sides, leaf, input.MigrationId, input.CompareId, ct);
                    outcome = outcome with { Inserted = outcome.Inserted + done.Inserted, Updated = outcome.Updated + done.Updated,
                        Deleted = outcome.Deleted + done.Deleted };
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
                {
                    return outcome with { Blocked = $"{leaf.Range}: {e.MessageText}" };
                }
            }
        return outcome;
    }
}

using System.Diagnostics;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// After every table is loaded: keys and indexes of partitioned parents (they recurse into the partitions),
/// foreign keys (NOT VALID, then VALIDATE; under sync, at cutover), sequence values carried from the source.
/// </summary>
public sealed class FinalizeMigrationActivity(MigrationServices services) : WorkflowActivity<MigrationWork, FinalizeMigrationResult>
{
    public override string Name => ActivityNames.FinalizeMigration;

    protected override async Task<FinalizeMigrationResult> RunAsync(MigrationWork input, Activity? span, CancellationToken ct)
    {
        var catalog = await services.CatalogAsync(input.MigrationId, input.Spec, ct);
        var target = services.Target(input.Spec);
        var source = services.Source(input.Spec);
        var steps = new List<string>();
        foreach (var parent in catalog.Tables.Where(t => !t.HoldsRows))
            steps.AddRange((await target.FinalizeTableAsync(parent, ct)).Select(s => $"{parent.Name}: {s}"));
        // Changes applied over the chunks hold foreign keys only between source transactions: under sync they wait for cutover.
        if (input.Spec.Sync.Enabled) steps.Add("foreign keys: added at cutover (sync is on)");
        foreach (var table in catalog.Tables.Where(_ => !input.Spec.Sync.Enabled))
            foreach (var fk in table.ForeignKeys)
                if (await target.AddForeignKeyAsync(table, fk, ct))
                    steps.Add($"{table.Name}: foreign key {fk.Name}");
        foreach (var sequence in catalog.Sequences)
        {
            var (value, isCalled) = await source.SequenceValueAsync(sequence.SourceSequenceName.Schema,
                sequence.SourceSequenceName.Name, ct);
            await target.SetSequenceAsync(sequence, value, isCalled, ct);
            steps.Add($"sequence {sequence.Schema}.{sequence.Name} = {value}{(isCalled ? "" : " (not yet used)")}");
        }
        return new FinalizeMigrationResult(steps);
    }
}

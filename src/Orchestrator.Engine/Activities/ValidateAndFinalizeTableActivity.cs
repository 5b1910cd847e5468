using System.Diagnostics;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>
/// A small one-chunk table's tail in one activity: <see cref="ValidateTableActivity"/>'s checks beside
/// <see cref="FinalizeTableActivity"/>'s keys and ANALYZE, exactly as the two activities run them side by side.
/// Both are idempotent (reads, and keys added only where missing), so a rerun of the whole is too.
/// </summary>
public sealed class ValidateAndFinalizeTableActivity(MigrationServices services) : WorkflowActivity<TableWork, ValidatedAndFinalized>
{
    readonly ValidateTableActivity _validate = new(services);
    readonly FinalizeTableActivity _finalize = new(services);

    public override string Name => ActivityNames.ValidateAndFinalizeTable;

    protected override async Task<ValidatedAndFinalized> RunAsync(TableWork input, Activity? span, CancellationToken ct)
    {
        span?.SetTag("migration.table", input.Table.Target.ToString());
        var verdict = _validate.ValidateAsync(input, span, ct);
        var finalized = _finalize.FinalizeAsync(input, ct);
        await Task.WhenAll(verdict, finalized);
        return new ValidatedAndFinalized(await verdict, await finalized);
    }
}

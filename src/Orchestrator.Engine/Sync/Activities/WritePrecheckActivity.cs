using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync.Activities;

/// <summary>Keeps a pre-check for the cutover that follows, tied to this run of the migration by its source position.</summary>
public sealed class WritePrecheckActivity(MigrationServices services) : WorkflowActivity<PrecheckWrite, StoredPrecheck>
{
    public override string Name => ActivityNames.WritePrecheck;

    protected override async Task<StoredPrecheck> RunAsync(PrecheckWrite input, Activity? span, CancellationToken ct)
    {
        var position = (await services.CatalogAsync(input.MigrationId, input.Spec, ct)).Position?.Value
            ?? throw new SyncRefusedException($"cutover --prepare: migration {input.MigrationId} has no source position; it does not sync");
        var stored = new StoredPrecheck(position, input.AtUtc, input.RoundKeys, input.Prechecks);
        await services.Store(input.Spec).WriteDocumentAsync(input.MigrationId, ReadPrecheckActivity.Document,
            JsonSerializer.Serialize(stored, SpecLoader.JsonOptions), ct);
        return stored;
    }
}

using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Sync.Activities;

/// <summary>
/// Reads the pre-check `cutover --prepare` kept (cutover-precheck.json in the staging area). One made for another
/// run of the migration (its catalog's source position differs) vouches for nothing and is ignored, with the reason.
/// </summary>
public sealed class ReadPrecheckActivity(MigrationServices services) : WorkflowActivity<CutoverInput, PrecheckRecall>
{
    public const string Document = "cutover-precheck.json";

    public override string Name => ActivityNames.ReadPrecheck;

    protected override async Task<PrecheckRecall> RunAsync(CutoverInput input, Activity? span, CancellationToken ct)
    {
        var text = await services.Store(input.Spec).ReadDocumentAsync(input.MigrationId, Document, ct);
        if (text is null) return new PrecheckRecall(null, null);
        var position = (await services.CatalogAsync(input.MigrationId, input.Spec, ct)).Position?.Value;
        StoredPrecheck? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredPrecheck>(text, SpecLoader.JsonOptions);
        }
        catch (JsonException e)
        {
            return new PrecheckRecall(null, $"{Document} could not be read ({e.Message}); cutover --prepare writes it again");
        }
        if (stored is null || stored.SourcePosition != position)
            return new PrecheckRecall(null, $"{Document} was made for another run of migration {input.MigrationId} " +
                $"(source position {stored?.SourcePosition}, this run's {position})");
        span?.SetTag("precheck.tables", stored.Prechecks.Count);
        return new PrecheckRecall(stored, null);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Activities;

/// <summary>Records the source position, then reads the catalog; both are frozen in catalog.json for every later run.</summary>
public sealed class DiscoverActivity(MigrationServices services) : WorkflowActivity<MigrationWork, DiscoverResult>
{
    public override string Name => ActivityNames.Discover;

    protected override async Task<DiscoverResult> RunAsync(MigrationWork input, Activity? span, CancellationToken ct)
    {
        span?.SetTag("migration.id", input.MigrationId);
        var store = services.Store(input.Spec);
        var existing = await store.ReadDocumentAsync(input.MigrationId, Documents.Catalog, ct);
        SourceCatalog catalog;
        if (existing is not null)
            catalog = StagedDocuments.Catalog(existing, StagedDocuments.Where(store, input.MigrationId, Documents.Catalog));
        else
        {
            catalog = await SourceDiscovery.DiscoverAsync(services.Source(input.Spec), input.Spec, ct);
            // Capture starts before the catalog is saved, so before any chunk reads: no change after its start is lost.
            if (input.Spec.Sync.Enabled)
                catalog = await Sync.SyncEnds.StartCaptureAsync(services, input.MigrationId, input.Spec, catalog, ct);
            await store.WriteDocumentAsync(input.MigrationId, Documents.Catalog,
                JsonSerializer.Serialize(catalog, SpecLoader.JsonOptions), ct);
        }
        var holding = catalog.Tables.Where(t => t.HoldsRows).ToList();
        return new DiscoverResult(catalog.Tables.Count, holding.Sum(t => Math.Max(t.EstimatedRows, 0)),
            holding.Sum(t => t.SizeBytes), catalog.Position!);
    }
}

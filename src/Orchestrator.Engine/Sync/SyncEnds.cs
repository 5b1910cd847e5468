using Npgsql;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources.Postgres.Changes;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Sync;

/// <summary>
/// The two ends of a sync in one direction: forward, the source's capture into the target; reverse (after cutover,
/// PostgreSQL legacy only), the target's capture into the legacy database.
/// </summary>
public sealed record SyncEnds(string CaptureId, IChangeCapture Capture, NpgsqlDataSource Apply,
    IReadOnlyList<SyncTable> Tables, string Direction)
{
    public static string ReverseCaptureId(string migrationId) => migrationId + ":reverse";

    public static async Task<SyncEnds> ForAsync(MigrationServices services, string migrationId, MigrationSpec spec,
        string direction, CancellationToken ct)
    {
        var catalog = await services.CatalogAsync(migrationId, spec, ct);
        if (direction == SyncDirections.Forward)
            return new(migrationId, services.Changes(spec), services.TargetDataSource(spec),
                SyncTables.Forward(catalog, spec.Tables), direction);
        if (!SourceDialects.TraitsOf(spec.Source).ReverseSync)
            throw new SyncRefusedException($"sync --reverse: the legacy database is {spec.Source.Dialect}; a reverse " +
                "sync needs a PostgreSQL legacy " +
                "database. The cutover report states the rollback procedure for this one");
        var target = services.TargetDataSource(spec);
        var capture = new PostgresChangeCapture(target, services.Connections.Resolve(spec.Target.Connection, "target.connection"));
        return new(ReverseCaptureId(migrationId), capture, services.LegacyWriter(spec),
            SyncTables.Reverse(catalog, spec.Tables), direction);
    }

    /// <summary>
    /// Starts forward capture for a catalog just read, before any chunk: the catalog's position becomes the capture's start.
    /// </summary>
    public static async Task<SourceCatalog> StartCaptureAsync(MigrationServices services, string migrationId, MigrationSpec spec,
        SourceCatalog catalog, CancellationToken ct)
    {
        var position = await services.Changes(spec).StartAsync(migrationId, SyncTables.Forward(catalog, spec.Tables), ct);
        return catalog with { Position = position };
    }
}

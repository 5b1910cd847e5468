using Orchestrator.Core.Catalog;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Sources;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Target;
using Orchestrator.Core.Telemetry;

namespace Orchestrator.Core.Activities;

/// <summary>
/// What activities need, built once per host from configuration: connections, dialects, stores, progress. A host that
/// runs every activity itself passes a spool directory (local copies of blob-staged chunks); it is removed on dispose.
/// </summary>
public sealed class MigrationServices(ConnectionResolver connections, ProgressBoard? progress = null, string? spoolDirectory = null)
    : IAsyncDisposable
{
    readonly PostgresConnector _postgres = new();
    readonly ChunkStoreFactory _stores = new(connections, spoolDirectory);
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, SourceCatalog> _catalogs = new();

    public ConnectionResolver Connections { get; } = connections;
    public ProgressBoard Progress { get; } = progress ?? new ProgressBoard();

    public ISourceDialect Source(MigrationSpec spec) =>
        new SourceDialects(_postgres).Create(spec.Source, Connections.Resolve(spec.Source.Connection, "source.connection"));

    /// <summary>What the assessment reads beyond the catalog (objects, plan cache, column profiles), over the source connection.</summary>
    public Assessment.ISourceInventory Inventory(MigrationSpec spec) =>
        new SourceDialects(_postgres).Inventory(spec.Source, Connections.Resolve(spec.Source.Connection, "source.connection"));

    /// <summary>The source's change capture (sync).</summary>
    public Sync.IChangeCapture Changes(MigrationSpec spec) =>
        new SourceDialects(_postgres).Changes(spec.Source, Connections.Resolve(spec.Source.Connection, "source.connection"));

    /// <summary>Change feeds kept open between sync batches, so a batch continues the stream instead of reopening it.</summary>
    public Sync.SyncFeeds Feeds { get; } = new();

    /// <summary>The target the spec names (target.kind; the validator already refused unknown kinds).</summary>
    public ITarget Target(MigrationSpec spec) => spec.Target.Kind switch
    {
        "postgres" => new PostgresTarget(TargetDataSource(spec)),
        var kind => throw UnknownTarget(kind),
    };

    /// <summary>The DDL the spec's target renders for a catalog (plan and assess show it), without a target connection.</summary>
    public ITargetDdl TargetDdl(MigrationSpec spec) => spec.Target.Kind switch
    {
        "postgres" => new PostgresDdl(),
        var kind => throw UnknownTarget(kind),
    };

    static SpecException UnknownTarget(string kind) =>
        new($"target.kind: unknown kind '{kind}' (expected one of {string.Join(", ", SpecValidator.TargetKinds)})");

    /// <summary>
    /// The PostgreSQL target's connections, for what only that kind of target offers (sync, compare, graph, vector probes).
    /// </summary>
    public Npgsql.NpgsqlDataSource TargetDataSource(MigrationSpec spec) =>
        _postgres.Get(Connections.Resolve(spec.Target.Connection, "target.connection"));

    /// <summary>
    /// A PostgreSQL legacy database as the reverse sync writes to it after cutover: its sessions may write even where
    /// cutover --read-only made the database read-only for everyone else.
    /// </summary>
    public Npgsql.NpgsqlDataSource LegacyWriter(MigrationSpec spec)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(Connections.Resolve(spec.Source.Connection, "source.connection"));
        builder.Options = string.Join(' ',
            new[] { builder.Options, "-c default_transaction_read_only=off" }.Where(o => !string.IsNullOrWhiteSpace(o)));
        return _postgres.Get(builder.ConnectionString);
    }

    public IChunkStore Store(MigrationSpec spec) => _stores.Create(spec.Staging);
    public ChunkStoreFactory StoreFactory => _stores;

    /// <summary>The migration's frozen catalog; read from the store once per process, since it never changes once written.</summary>
    public async Task<SourceCatalog> CatalogAsync(string migrationId, MigrationSpec spec, CancellationToken ct)
    {
        var store = Store(spec);
        var key = store.Describe(migrationId);
        if (_catalogs.TryGetValue(key, out var cached)) return cached;
        var json = await store.ReadDocumentAsync(migrationId, Documents.Catalog, ct)
            ?? throw new InvalidOperationException($"migration '{migrationId}' has no catalog in {key}; run Discover first");
        return _catalogs.GetOrAdd(key, StagedDocuments.Catalog(json, StagedDocuments.Where(store, migrationId, Documents.Catalog)));
    }

    public async ValueTask DisposeAsync()
    {
        await Feeds.DisposeAsync();
        await _postgres.DisposeAsync();
        if (spoolDirectory is not null && Directory.Exists(spoolDirectory)) Directory.Delete(spoolDirectory, recursive: true);
    }
}

/// <summary>Names of the documents a migration keeps in its staging area.</summary>
public static class Documents
{
    public const string Catalog = "catalog.json";
    public const string Plan = "plan.json";
    public const string ReportJson = "report.json";
    public const string ReportMarkdown = "report.md";
}

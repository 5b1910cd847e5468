using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Shapes;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Target;

/// <summary>
/// The database a migration writes to (the spec's target.kind). It chooses how staged chunks are encoded, prepares
/// tables, loads each chunk exactly once with a ledger row in the same transaction, reads rows back as digests and
/// aggregates for validation, and finalizes tables. Every method may run more than once: each is idempotent.
/// </summary>
public interface ITarget
{
    /// <summary>Schemas, types, sequences and tables, without keys, indexes or foreign keys; returns how many tables it created.</summary>
    Task<int> PrepareAsync(string migrationId, SourceCatalog catalog, string ifExists, List<ConversionFinding>? findings = null,
        CancellationToken ct = default);

    /// <summary>One staged chunk and its ledger row, in one transaction; a chunk whose digest does not match is refused.</summary>
    Task<LoadOutcome> LoadChunkAsync(ChunkManifest manifest, TableName table, Func<CancellationToken, Task<Stream>> openData,
        Action<long>? onBytes = null, Func<CancellationToken, Task<string?>>? readRejects = null, CancellationToken ct = default);

    /// <summary>What the ledger says a migration loaded for a chunk, or null when it has not been loaded.</summary>
    Task<RowSetDigest?> LedgerEntryAsync(string migrationId, string chunkId, CancellationToken ct = default);

    /// <summary>The vector norms a migration's chunks recorded for a table, per column.</summary>
    Task<Dictionary<string, NormSummary>> LedgerNormsAsync(string migrationId, TableName table, CancellationToken ct = default);

    /// <summary>The ledger's total for a table and the table's facts, read together before validation.</summary>
    Task<(LedgerTotal Ledger, TargetTableFacts Facts)> ValidationFactsAsync(string migrationId, TableName table,
        CancellationToken ct = default);

    Task<TargetTableFacts> TableFactsAsync(TableName table, CancellationToken ct = default);

    /// <summary>The digest of the rows now in a key range, encoded the way the chunks were.</summary>
    Task<RowSetDigest> ReadBackDigestAsync(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format,
        CancellationToken ct = default);

    /// <summary>The digest of a whole table, read in up to <paramref name="streams"/> parts; with a plan, also its measures.</summary>
    Task<TableReadBack> ReadBackTableAsync(TableName table, IReadOnlyList<string> columns, CopyFormat format, int streams,
        TargetTableFacts facts, StreamMeasurePlan? plan = null, CancellationToken ct = default);

    /// <summary>Aggregates computed by the target itself: the engine-independent check beside the digest.</summary>
    Task<TableAggregates> AggregatesAsync(TableName table, IReadOnlyList<ColumnInfo> columns, TargetTableFacts facts,
        CancellationToken ct = default);

    /// <summary>Keys, checks and indexes of a loaded table, then statistics; returns the steps it took.</summary>
    Task<IReadOnlyList<string>> FinalizeTableAsync(TableInfo table, CancellationToken ct = default);

    /// <summary>Adds a foreign key once both tables are loaded; false when it was already there.</summary>
    Task<bool> AddForeignKeyAsync(TableInfo table, ForeignKeyInfo fk, CancellationToken ct = default);

    Task SetSequenceAsync(SequenceInfo sequence, long value, bool isCalled, CancellationToken ct = default);

    Task AnalyzeAsync(TableName table, CancellationToken ct = default);
}

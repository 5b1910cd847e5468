using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources;

/// <summary>
/// What every source database answers, whatever its engine. A new dialect is a project (Orchestrator.Sources.*) that
/// implements this, states its <see cref="SourceTraits"/>, and is registered by name in the engine's SourceDialects;
/// nothing downstream changes.
/// </summary>
public interface ISourceDialect
{
    string Name { get; }

    /// <summary>What the migration knows of this dialect without a connection (naming, conversions, sync, assessment).</summary>
    SourceTraits Traits { get; }

    /// <summary>A plain open connection to the source, for the application's own queries (shadow reads).</summary>
    Task<System.Data.Common.DbConnection> OpenConnectionAsync(CancellationToken ct = default);

    /// <summary>
    /// Its reader passes NUL characters in text on, for the chunk's guard to send those rows to the rejects (SQL Server
    /// with source.nulCharacters reject).
    /// </summary>
    bool PassesNulCharacters => false;

    /// <summary>
    /// Its chunk reads take a list of keys (<see cref="Planning.RangeKind.Keys"/>), so cutover can compare only the changed ones.
    /// </summary>
    bool ReadsListedKeys => false;

    /// <summary>
    /// The selected tables as the source names them, each column with the PostgreSQL type its reader delivers; the
    /// schema conversion then gives them the target's names and types, and keeps these as each table's column map.
    /// </summary>
    Task<SourceCatalog> DiscoverAsync(TableSelection selection, CancellationToken ct = default);

    /// <summary>The position to continue from after the full load (recorded before any chunk is read).</summary>
    Task<SourcePosition> CurrentPositionAsync(CancellationToken ct = default);

    /// <summary>Chunks over <paramref name="table"/>, given in the source's names and types (SourceTerms.ForChunkPlanning).</summary>
    Task<IReadOnlyList<ChunkPlan>> PlanChunksAsync(TableInfo table, string tableId, ChunkingSpec chunking, CancellationToken ct = default);

    /// <summary>
    /// Whether the table's key-range chunks (over one column, <paramref name="table"/> in the source's names) are
    /// better read together by one sequential read, because the key does not follow the physical order of the rows.
    /// </summary>
    Task<bool> ReadsInOnePassAsync(TableInfo table, CancellationToken ct = default) => Task.FromResult(false);

    /// <summary>
    /// The chunk's rows already in the target types, encoded in <paramref name="format"/>, the encoding the target
    /// chose for staged chunks (the PostgreSQL target loads its COPY formats). The stream streams: no whole chunk and
    /// no whole value is held in memory. Disposing it releases the source connection.
    /// </summary>
    Task<Stream> OpenChunkReaderAsync(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format,
        CancellationToken ct = default);

    /// <summary>
    /// The chunk's rows with some columns converted to a type the spec chose (by source column name). Only a dialect
    /// that can convert in its SELECT overrides this; for the others the schema conversion admits only overrides that
    /// keep the values (<see cref="SchemaConversion.TypeOverrides"/>), which need no conversion.
    /// </summary>
    Task<Stream> OpenChunkReaderAsync(TableName table, IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> conversions,
        ChunkRange range, CopyFormat format, CancellationToken ct = default) =>
        OpenChunkReaderAsync(table, columns, range, format, ct);

    /// <summary>The SELECT text a chunk reads, for lineage and messages.</summary>
    string DescribeChunkQuery(TableName table, IReadOnlyList<string> columns, ChunkRange range, CopyFormat format);

    /// <summary>The SELECT text a chunk with converted columns reads (see the reader with conversions).</summary>
    string DescribeChunkQuery(TableName table, IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> conversions,
        ChunkRange range, CopyFormat format) =>
        DescribeChunkQuery(table, columns, range, format);

    /// <summary>Counts and aggregates computed by the source engine itself, for the independent comparison.</summary>
    Task<TableAggregates> ComputeAggregatesAsync(TableName table, IReadOnlyList<ColumnInfo> columns, CancellationToken ct = default);

    /// <summary>A sequence's state, to carry to the target after the load: the value and whether it was already handed out.</summary>
    Task<(long Value, bool IsCalled)> SequenceValueAsync(string schema, string name, CancellationToken ct = default);

    /// <summary>
    /// The optional probes this instance found refused so far (statistics, DMVs, change tracking), with the fallback taken.
    /// </summary>
    IReadOnlyList<Catalog.UnavailableProbe> UnavailableProbes => [];
}

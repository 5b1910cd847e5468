using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Workflow;

// Messages that cross an activity or workflow boundary: small, serialisable descriptors, never row data or secrets.

/// <summary>A message that belongs to a migration: hosts tag spans and logs with its id; activities read its spec.</summary>
public interface IMigrationMessage
{
    string MigrationId { get; }
    MigrationSpec Spec { get; }
}

public sealed record MigrationInput(string MigrationId, MigrationSpec Spec) : IMigrationMessage;

public sealed record DiscoverResult(int Tables, long EstimatedRows, long EstimatedBytes, SourcePosition Position);

public sealed record PlanResult(IReadOnlyList<TablePlan> Tables, SourcePosition Position);

/// <summary>
/// One batch of PrepareTarget: these tables (by target name), with the catalog's tables that hold no rows (partitioned
/// parents); the first batch also makes what the tables share (extensions, schemas, types, sequences).
/// </summary>
public sealed record PrepareWork(string MigrationId, MigrationSpec Spec, IReadOnlyList<TableName> Tables, bool First) : IMigrationMessage;

public sealed record PrepareResult(int TablesPrepared)
{
    /// <summary>What the target made different from the catalog (a time-series table without TimescaleDB), for the report.</summary>
    public IReadOnlyList<ConversionFinding> Findings { get; init; } = [];
}

public sealed record TableInput(string MigrationId, MigrationSpec Spec, TablePlan Table) : IMigrationMessage
{
    /// <summary>
    /// A small one-chunk table is validated and finalized by one activity (ValidateAndFinalizeTable). Inputs recorded
    /// before that activity existed lack this, so their replays schedule the two activities their histories hold.
    /// </summary>
    public bool SmallTailInOne { get; init; }

    /// <summary>
    /// With <see cref="SmallTailInOne"/>: a one-chunk table is small by the rows it loaded (an estimate of none, an
    /// empty or never-measured table, no longer keeps two activities). Absent from inputs recorded before.
    /// </summary>
    public bool SmallTailByLoadedRows { get; init; }
}

public sealed record ChunkWork(string MigrationId, MigrationSpec Spec, string TableId, TableName Source, TableName Target,
    IReadOnlyList<string> Columns, CopyFormat Format, ChunkPlan Chunk, SourceRead Read) : IMigrationMessage
{
    public static IReadOnlyList<ChunkWork> For(string migrationId, MigrationSpec spec, TablePlan table) =>
        table.Chunks.Select(c => new ChunkWork(migrationId, spec, table.TableId, table.Source, table.Target, table.Columns, table.Format,
            c, table.Read)).ToList();
}

/// <summary>
/// Consecutive key-range chunks of a table read together, by one sequential read split on the way
/// (<see cref="Planning.TablePlan.ReadInOnePass"/>).
/// </summary>
public sealed record ChunksWork(string MigrationId, MigrationSpec Spec, string TableId, TableName Source, TableName Target,
    IReadOnlyList<string> Columns, CopyFormat Format, IReadOnlyList<ChunkPlan> Chunks, SourceRead Read) : IMigrationMessage
{
    public ChunkWork Chunk(ChunkPlan chunk) => new(MigrationId, Spec, TableId, Source, Target, Columns, Format, chunk, Read);
}

public sealed record ExtractResult(string ChunkId, long Rows, long Bytes, long CompressedBytes, string Digest,
    bool AlreadySealed, long Rejects, long ArtifactsStored = 0);

public sealed record LoadResult(string ChunkId, LoadStatus Status, long Rows, string? Problem);

public sealed record ChunkVerdict(string ChunkId, long SourceRows, string SourceDigest, long TargetRows, string TargetDigest)
{
    public bool Matches => SourceRows == TargetRows && SourceDigest == TargetDigest;
}

public sealed record TableWork(string MigrationId, MigrationSpec Spec, TablePlan Table) : IMigrationMessage;

public sealed record FinalizeTableResult(IReadOnlyList<string> Steps)
{
    /// <summary>Vector columns whose index was built and whose rule asks for its search quality to be measured.</summary>
    public IReadOnlyList<string> VectorSearchColumns { get; init; } = [];
}

/// <summary>What ValidateAndFinalizeTable did: ValidateTable's verdict and FinalizeTable's result.</summary>
public sealed record ValidatedAndFinalized(TableVerdict Verdict, FinalizeTableResult Finalized);

public sealed record VectorSearchResult(IReadOnlyList<Validation.VectorSearchQuality> Columns);

public sealed record TableVerdict(long SourceRows, long TargetRows, IReadOnlyList<string> AggregateDifferences,
    ChunkVerdict? WholeTableDigest)
{
    /// <summary>Rows rules refused (in _migrator.rejects): the source's count is the target's plus these.</summary>
    public long Rejects { get; init; }
    /// <summary>Norms of the vectors now in the target, per vector column.</summary>
    public IReadOnlyDictionary<string, Shapes.NormSummary>? VectorNorms { get; init; }
    /// <summary>Norms of the vectors as the extracts measured them (from their manifests, kept in the ledger), per vector column.</summary>
    public IReadOnlyDictionary<string, Shapes.NormSummary>? ExtractedNorms { get; init; }
    /// <summary>External artifacts read back from the store with the SHA-256 their reference names.</summary>
    public long ArtifactsVerified { get; init; }
}

public sealed record TableResult
{
    public required string TableId { get; init; }
    public required TableName Source { get; init; }
    public required TableName Target { get; init; }
    public int Chunks { get; init; }
    public long RowsExtracted { get; init; }
    public long RowsLoaded { get; init; }
    public long Rejects { get; init; }
    public long ArtifactsStored { get; init; }
    public long Bytes { get; init; }
    public long CompressedBytes { get; init; }
    public DateTime StartedUtc { get; init; }
    public DateTime FinishedUtc { get; init; }
    public IReadOnlyList<ChunkVerdict> ChunkVerdicts { get; init; } = [];
    public TableVerdict? Verdict { get; init; }
    /// <summary>Recall and latency of each vector index, measured after it was built.</summary>
    public IReadOnlyList<Validation.VectorSearchQuality> VectorSearch { get; init; } = [];
}

public sealed record MigrationWork(string MigrationId, MigrationSpec Spec) : IMigrationMessage;

public sealed record FinalizeMigrationResult(IReadOnlyList<string> Steps);

public sealed record ReportInput(string MigrationId, MigrationSpec Spec, SourcePosition Position, IReadOnlyList<TableResult> Tables,
    FinalizeMigrationResult Finalize, DateTime StartedUtc, DateTime FinishedUtc) : IMigrationMessage
{
    /// <summary>What preparing the target found (<see cref="PrepareResult.Findings"/>).</summary>
    public IReadOnlyList<ConversionFinding> TargetFindings { get; init; } = [];
    /// <summary>The graph written from the migrated tables, when the spec has a graph section.</summary>
    public Graph.GraphReport? Graph { get; init; }
}

public sealed record MigrationResult(string MigrationId, bool Passed, int Tables, long Rows, long Rejects, string ReportLocation);

/// <summary>What a running migration shows as its custom status (HTTP status endpoint, terminal).</summary>
public sealed record MigrationStatus(string Phase, int TablesDone, int TablesTotal, long RowsLoaded, long EstimatedRows,
    long BytesLoaded = 0, long EstimatedBytes = 0, int TablesFailed = 0);

namespace Orchestrator.Core.Spec;

/// <summary>A migration as the user wrote it: names and choices, never secrets.</summary>
public sealed record MigrationSpec
{
    public required SourceSpec Source { get; init; }
    public required TargetSpec Target { get; init; }
    public StagingSpec Staging { get; init; } = new();
    public TableSelection Tables { get; init; } = new();
    public ChunkingSpec Chunking { get; init; } = new();
    public ValidationSpec Validation { get; init; } = new();
    public WatchdogSpec Watchdog { get; init; } = new();
    /// <summary>Target names and types chosen per table and column (see <see cref="TableOverride"/>).</summary>
    public IReadOnlyList<TableOverride> Overrides { get; init; } = [];
    /// <summary>AI/ML shapes per column: vector, artifact, timeSeries, pii, document (docs/spec.md).</summary>
    public IReadOnlyList<ColumnRule> Rules { get; init; } = [];
    /// <summary>
    /// Tables read as a property graph: Neo4j bulk-import files in the staging store, views in the target (docs/spec.md).
    /// </summary>
    public GraphSpec? Graph { get; init; }
    /// <summary>Change capture during and after the full load, applied until cutover (see <see cref="SyncSpec"/>).</summary>
    public SyncSpec Sync { get; init; } = new();
    /// <summary>Live comparison of source and target (`migrator compare`).</summary>
    public CompareSpec Compare { get; init; } = new();
    /// <summary>Shadow reads of key queries on both sides (`migrator shadow`).</summary>
    public ShadowSpec Shadow { get; init; } = new();
}

public sealed record SourceSpec
{
    /// <summary>postgres, sqlserver or oracle.</summary>
    public required string Dialect { get; init; }
    /// <summary>Name of a connection resolved from configuration (ConnectionStrings__NAME).</summary>
    public required string Connection { get; init; }
    /// <summary>
    /// SQL Server: a NUL character in a string, which PostgreSQL text cannot hold: fail (default), strip, or reject (the row goes to the
    /// rejects).
    /// </summary>
    public string NulCharacters { get; init; } = "fail";
    /// <summary>Oracle: RAW(16) columns hold GUIDs (SYS_GUID()) and become uuid instead of bytea.</summary>
    public bool Raw16AsUuid { get; init; }
}

public sealed record TargetSpec
{
    /// <summary>
    /// The kind of database the migration writes to; postgres (Azure PostgreSQL or any PostgreSQL) is the one kind today.
    /// </summary>
    public string Kind { get; init; } = "postgres";
    public required string Connection { get; init; }
    /// <summary>What to do when a target table exists with rows before this migration touched it: fail or truncate.</summary>
    public string IfExists { get; init; } = "fail";
    /// <summary>
    /// lower or preserve; null = lower for sqlserver and oracle, preserve for postgres (<see cref="Spec.IdentifierCase"/>).
    /// </summary>
    public string? IdentifierCase { get; init; }
}

public sealed record StagingSpec
{
    /// <summary>local (a directory, the embedded default) or blob (Azure Blob Storage).</summary>
    public string Kind { get; init; } = "local";
    public string? Path { get; init; }
    public string? Connection { get; init; }
    public string? Container { get; init; }
    /// <summary>
    /// zstd level for every staged chunk (-7 to 19; 0 = store uncompressed); null = auto, chosen per chunk (<see
    /// cref="Staging.ChunkCodec"/>).
    /// </summary>
    public int? CompressionLevel { get; init; }
}

public sealed record TableSelection
{
    /// <summary>Globs over schema.table (* and ?); a pattern without a dot matches the table name in any schema.</summary>
    public IReadOnlyList<string> Include { get; init; } = ["*"];
    public IReadOnlyList<string> Exclude { get; init; } = [];
}

public sealed record ChunkingSpec
{
    public long RowsPerChunk { get; init; } = 250_000;
    /// <summary>At most this many bytes of table per chunk (by the source's size estimate): wide rows make fewer rows per chunk.</summary>
    public long BytesPerChunk { get; init; } = 256L << 20;
    /// <summary>Activities (extract, load, validate) running at once.</summary>
    public int MaxParallel { get; init; } = 4;
    /// <summary>
    /// A table whose key does not follow its rows' physical order is read by one sequential read split into its chunks
    /// (where the source can tell: PostgreSQL); false reads every chunk by its key range.
    /// </summary>
    public bool OnePass { get; init; } = true;

    /// <summary>
    /// Rows per chunk for a table of this many rows and bytes: <see cref="RowsPerChunk"/>, fewer when the rows are so
    /// wide that a chunk would pass <see cref="BytesPerChunk"/>. A table of a few 256 MB values gets a chunk per value,
    /// so its values extract and load side by side instead of one chunk streaming them all in turn.
    /// </summary>
    public long RowsPerChunkFor(long rows, long bytes)
    {
        if (rows <= 0 || bytes <= 0) return RowsPerChunk;
        var bytesPerRow = Math.Max(1, bytes / rows);
        return Math.Clamp(BytesPerChunk / bytesPerRow, 1, RowsPerChunk);
    }
}

public sealed record WatchdogSpec
{
    /// <summary>
    /// Seconds an activity may go without progress (bytes moving through its pipeline, a step done, a target server
    /// that says it is still working) before it fails, naming the activity, table and chunk that stalled.
    /// </summary>
    public int StallSeconds { get; init; } = 600;
}

public sealed record ValidationSpec
{
    /// <summary>Re-read every chunk's range from the target and compare its row-set digest.</summary>
    public bool Digests { get; init; } = true;
    /// <summary>Compare counts, null counts, min/max, sums and total lengths computed in SQL on both sides.</summary>
    public bool Aggregates { get; init; } = true;
}

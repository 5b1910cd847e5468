namespace Orchestrator.Core.Spec;

/// <summary>
/// One entry of the spec's rules array: what a column is for the AI/ML estate and how it is reshaped on the way.
/// Exactly one of the shapes is set. <c>{ "table": "ml.items", "column": "embedding", "vector": { ... } }</c>
/// </summary>
public sealed record ColumnRule
{
    /// <summary>schema.table as the source spells it (the target name is accepted too).</summary>
    public required string Table { get; init; }
    public required string Column { get; init; }
    public VectorRule? Vector { get; init; }
    public ArtifactRule? Artifact { get; init; }
    public TimeSeriesRule? TimeSeries { get; init; }
    public PiiRule? Pii { get; init; }
    public DocumentRule? Document { get; init; }

    /// <summary>The name of the shape this rule sets, or null when it sets none (or several: an error).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Kind => (Vector, Artifact, TimeSeries, Pii, Document) switch
    {
        ({ }, null, null, null, null) => "vector",
        (null, { }, null, null, null) => "artifact",
        (null, null, { }, null, null) => "timeSeries",
        (null, null, null, { }, null) => "pii",
        (null, null, null, null, { }) => "document",
        _ => null,
    };
}

/// <summary>An embedding: decoded from its source encoding, checked for its dimension on every row, stored as pgvector.</summary>
public sealed record VectorRule
{
    /// <summary>float32le, float32be, float64le, float64be (binary), json ("[0.1, ...]"), csv ("0.1,..."), array (real[] or
    /// double precision[]), native (already a vector: pgvector, SQL Server vector, Oracle VECTOR).</summary>
    public string From { get; init; } = "float32le";
    public int Dimensions { get; init; }
    /// <summary>vector, or halfvec (16-bit floats: only when asked, never silently).</summary>
    public string Type { get; init; } = "vector";
    /// <summary>hnsw, ivfflat or none: the index built after the load.</summary>
    public string Index { get; init; } = "hnsw";
    /// <summary>cosine, l2 or ip (inner product): the index's operator class.</summary>
    public string Distance { get; init; } = "cosine";
    /// <summary>The recall@10 the index should reach against exact search: the run suggests the ef_search or probes that do.</summary>
    public double RecallTarget { get; init; } = 0.95;
    /// <summary>
    /// Query vectors sampled from the migrated column to measure recall and latency after the index is built; 0 = do not measure.
    /// </summary>
    public int RecallQueries { get; init; } = 100;

    public static readonly IReadOnlyList<string> Encodings = ["float32le", "float32be", "float64le", "float64be", "json",
        "csv", "array", "native"];
}

/// <summary>A model artifact (MB to GB): inline bytea, or streamed to the staging store's artifacts area and referenced.</summary>
public sealed record ArtifactRule
{
    /// <summary>
    /// inline (bytea, under PostgreSQL's 1 GB limit), external (every value), or threshold (external above thresholdBytes).
    /// </summary>
    public string Mode { get; init; } = "external";
    public long ThresholdBytes { get; init; } = 1 << 20;
}

/// <summary>A time column: the target table is range-partitioned by it, and the copy's chunks follow the partitions.</summary>
public sealed record TimeSeriesRule
{
    /// <summary>month or day.</summary>
    public string Interval { get; init; } = "month";
    /// <summary>
    /// native (PostgreSQL range partitions) or timescaledb (a hypertable; native partitions where the target lacks TimescaleDB).
    /// </summary>
    public string Engine { get; init; } = "native";

    public static readonly IReadOnlyList<string> Engines = ["native", "timescaledb"];
}

/// <summary>Personal data transformed during the copy: the source value never reaches the target.</summary>
public sealed record PiiRule
{
    /// <summary>hash (salted SHA-256, hex), tokenize (deterministic HMAC token), redact (fixed text), null.</summary>
    public string Transform { get; init; } = "hash";
}

/// <summary>JSON or XML held as text: checked on every row and stored as jsonb or xml.</summary>
public sealed record DocumentRule
{
    /// <summary>jsonb or xml.</summary>
    public string As { get; init; } = "jsonb";
    /// <summary>
    /// reject (the row goes to the rejects with the parser's reason) or text (kept: jsonb holds the original text as a JSON string; xml
    /// refuses this).
    /// </summary>
    public string Invalid { get; init; } = "reject";
}

namespace Orchestrator.Core.Assessment.AiMl;

/// <summary>The thresholds of the detection rules (docs/assessment.md explains each).</summary>
public sealed record AiMlThresholds
{
    /// <summary>
    /// Fewest float32 dimensions for a binary column to count as a vector: 16-byte values are GUIDs or MD5 hashes far more often.
    /// </summary>
    public int MinVectorDimensions { get; init; } = 8;
    /// <summary>Most dimensions pgvector's vector type holds; longer constant-length values are something else.</summary>
    public int MaxVectorDimensions { get; init; } = 16_000;
    /// <summary>A binary column whose largest value reaches this is a model artifact (weights, checkpoints, serialized models).</summary>
    public long ArtifactBytes { get; init; } = 1 << 20;
    /// <summary>Fewest rows for a table to be read as a time series.</summary>
    public long TimeSeriesRows { get; init; } = 10_000;
    /// <summary>Smallest |correlation| between a timestamp and physical or key order that shows rows are appended in time order.</summary>
    public double AppendCorrelation { get; init; } = 0.9;
    /// <summary>Smallest share of non-null text values that look like JSON or XML for the column to be a document.</summary>
    public double DocumentShare { get; init; } = 0.9;
    /// <summary>Fewest junction tables (two foreign keys that together identify a row) for the schema to be read as a graph.</summary>
    public int GraphJunctions { get; init; } = 2;

    public static AiMlThresholds Default { get; } = new();
}

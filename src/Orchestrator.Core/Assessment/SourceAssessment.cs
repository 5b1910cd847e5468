using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Assessment;

/// <summary>
/// What a source holds and what it will become, before a byte moves: per table rows, size, partitioning, keys,
/// columns with their target types, and how it would be chunked; plus the whole target DDL. The first part of the
/// assessment phase; the deeper reading (objects that are not data, AI/ML-shaped columns, effort) builds on it.
/// </summary>
public sealed record SourceAssessment
{
    public int Version { get; init; } = 1;
    public required string Dialect { get; init; }
    public required string Database { get; init; }
    public required string ServerVersion { get; init; }
    public required SourcePosition Position { get; init; }
    public required IReadOnlyList<TableAssessment> Tables { get; init; }
    public IReadOnlyList<string> Extensions { get; init; } = [];
    public required string TargetDdl { get; init; }
    /// <summary>What the schema conversion renamed, translated with a caveat, or could not carry over.</summary>
    public IReadOnlyList<ConversionFinding> Findings { get; init; } = [];
    public long Rows => Tables.Sum(t => t.EstimatedRows);
    public long Bytes => Tables.Sum(t => t.SizeBytes);
}

public sealed record TableAssessment
{
    public required string Table { get; init; }
    public long EstimatedRows { get; init; }
    public long SizeBytes { get; init; }
    public string? PartitionKey { get; init; }
    public string? PartitionOf { get; init; }
    public string? PrimaryKey { get; init; }
    public int UniqueKeys { get; init; }
    public int ForeignKeys { get; init; }
    public int Indexes { get; init; }
    /// <summary>How the copy would split it: chunks and strategy (none for a partitioned parent, whose partitions hold the rows).</summary>
    public int Chunks { get; init; }
    public string? ChunkStrategy { get; init; }
    public required IReadOnlyList<ColumnAssessment> Columns { get; init; }
}

public sealed record ColumnAssessment(string Name, string TargetType, string Family, bool Nullable, string? Default, string? Identity, bool Generated);

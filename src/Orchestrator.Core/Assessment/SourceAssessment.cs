using Orchestrator.Core.Assessment.AiMl;
using Orchestrator.Core.Assessment.Estimate;
using Orchestrator.Core.Assessment.Objects;
using Orchestrator.Core.Assessment.Queries;
using Orchestrator.Core.Assessment.Types;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Assessment;

/// <summary>
/// What a source holds and what it will become, before a byte moves: per schema and table rows, size, partitions,
/// LOB columns, columns with their source and target types, and how it would be chunked; the types that cannot be
/// carried exactly; the objects that are not data with their conversion effort; the heaviest queries; the AI/ML
/// reading of the data as spec rules; the time the migration should take; and the whole target DDL.
/// </summary>
public sealed record SourceAssessment
{
    public int Version { get; init; } = 2;
    public required string Dialect { get; init; }
    public required string Database { get; init; }
    public required string ServerVersion { get; init; }
    public required SourcePosition Position { get; init; }
    /// <summary>True when every row was read (exact sizes and proofs); false when sizes are estimates from statistics.</summary>
    public bool Scanned { get; init; }
    public IReadOnlyList<SchemaAssessment> Schemas { get; init; } = [];
    public required IReadOnlyList<TableAssessment> Tables { get; init; }
    public IReadOnlyList<string> Extensions { get; init; } = [];
    public IReadOnlyList<TypeFinding> TypeFindings { get; init; } = [];
    public IReadOnlyList<ObjectAssessment> Objects { get; init; } = [];
    public HeavyQueryReading? HeavyQueries { get; init; }
    public IReadOnlyList<SpecRuleSuggestion> Suggestions { get; init; } = [];
    public MigrationEstimate? Estimate { get; init; }
    public required string TargetDdl { get; init; }
    /// <summary>What the schema conversion renamed, translated with a caveat, or could not carry over.</summary>
    public IReadOnlyList<ConversionFinding> Findings { get; init; } = [];
    /// <summary>Optional source probes the server refused (statistics, DMVs, plan cache, msdb) and the fallback each took.</summary>
    public IReadOnlyList<UnavailableProbe> UnavailableProbes { get; init; } = [];
    public long Rows => Tables.Sum(t => t.EstimatedRows);
    public long Bytes => Tables.Sum(t => t.SizeBytes);
}

public sealed record SchemaAssessment(string Schema, int Tables, long Rows, long SizeBytes, int Objects);

public sealed record TableAssessment
{
    public required string Table { get; init; }
    public string? Schema { get; init; }
    public long EstimatedRows { get; init; }
    public long SizeBytes { get; init; }
    public string? PartitionKey { get; init; }
    public string? PartitionOf { get; init; }
    /// <summary>Partitions of a partitioned table (0 otherwise).</summary>
    public int Partitions { get; init; }
    public string? PrimaryKey { get; init; }
    public int UniqueKeys { get; init; }
    public int ForeignKeys { get; init; }
    public int Indexes { get; init; }
    /// <summary>How the copy would split it: chunks and strategy (none for a partitioned parent, whose partitions hold the rows).</summary>
    public int Chunks { get; init; }
    public string? ChunkStrategy { get; init; }
    public required IReadOnlyList<ColumnAssessment> Columns { get; init; }
    public IReadOnlyList<LobColumn> LobColumns { get; init; } = [];
    public double? EstimatedSeconds { get; init; }
}

public sealed record ColumnAssessment(string Name, string TargetType, string Family, bool Nullable, string? Default,
    string? Identity, bool Generated)
{
    public string? SourceType { get; init; }
}

/// <summary>A column of large values: its value sizes, exact after a scan, else estimated (Basis says which).</summary>
public sealed record LobColumn(string Column, string SourceType, double? AvgBytes, long? MaxBytes, string Basis);

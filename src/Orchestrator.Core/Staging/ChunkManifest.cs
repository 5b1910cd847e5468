using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Staging;

/// <summary>
/// Written after a chunk's data object is complete; its presence is what makes a chunk sealed. Everything needed to
/// load and verify the chunk is here, so Load never has to ask the source.
/// </summary>
public sealed record ChunkManifest
{
    public const int CurrentVersion = 1;
    public int Version { get; init; } = CurrentVersion;
    public required string MigrationId { get; init; }
    public required string ChunkId { get; init; }
    public required TableName Table { get; init; }
    public required ChunkRange Range { get; init; }
    public required IReadOnlyList<ManifestColumn> Columns { get; init; }
    /// <summary>Name of the data object beside the manifest (zstd-compressed binary COPY stream).</summary>
    public required string DataObject { get; init; }
    public string Codec { get; init; } = "zstd";
    /// <summary>binary (PostgreSQL binary COPY), or text for tables whose binary form is not portable between databases.</summary>
    public CopyFormat Format { get; init; } = CopyFormat.Binary;
    public long Rows { get; init; }
    public long UncompressedBytes { get; init; }
    public long CompressedBytes { get; init; }
    /// <summary>Row-set digest (hex) of the encoded tuples: see RowSetDigest.</summary>
    public required string Digest { get; init; }
    public SourcePosition? SourcePosition { get; init; }
    public string? Query { get; init; }
    /// <summary>Source rows a rule refused; they are in the document <see cref="RejectsDocument"/>, not in the data.</summary>
    public long Rejects { get; init; }
    public string? RejectsDocument { get; init; }
    /// <summary>Norms of the vectors written, per vector column.</summary>
    public IReadOnlyDictionary<string, Shapes.NormSummary>? VectorNorms { get; init; }
    public long ArtifactsStored { get; init; }
    public DateTime ExtractedAtUtc { get; init; }
    public double ExtractSeconds { get; init; }
}

public sealed record ManifestColumn(string Name, string Type);

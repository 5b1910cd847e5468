namespace Orchestrator.Core.Staging;

/// <summary>
/// Where chunks wait between extract and load. Paths are relative to the migration: "chunks/0001-x/c00001", plus
/// documents such as "plan.json" and "report.md". A chunk is sealed once its manifest exists; data written without
/// a manifest is never read.
/// </summary>
public interface IChunkStore
{
    /// <summary>A human-readable location, for messages (no secrets).</summary>
    string Describe(string migrationId);

    /// <summary>
    /// Opens a new data object for a chunk; returns its object name (unique per attempt) and the stream, which keeps
    /// the object only once committed (disposed without a commit, it is abandoned).
    /// </summary>
    Task<(string DataObject, StagingWrite Stream)> CreateDataAsync(string migrationId, string chunkId, CancellationToken ct = default);

    Task SealAsync(ChunkManifest manifest, CancellationToken ct = default);

    Task<ChunkManifest?> TryGetManifestAsync(string migrationId, string chunkId, CancellationToken ct = default);

    Task<Stream> OpenDataAsync(ChunkManifest manifest, CancellationToken ct = default);

    /// <summary>Removes a chunk (manifest first, so it is never sealed with missing data); used when it fails its digest.</summary>
    Task DeleteChunkAsync(string migrationId, string chunkId, CancellationToken ct = default);

    Task WriteDocumentAsync(string migrationId, string name, string content, CancellationToken ct = default);

    Task<string?> ReadDocumentAsync(string migrationId, string name, CancellationToken ct = default);

    /// <summary>
    /// A document too large to hold in memory, streamed in: committed, it replaces any earlier one of that name;
    /// disposed without a commit, it is abandoned and the earlier one stays.
    /// </summary>
    Task<StagingWrite> CreateDocumentAsync(string migrationId, string name, CancellationToken ct = default);

    /// <summary>The artifacts area beside the migrations: external model artifacts, stored by SHA-256.</summary>
    IArtifactStore Artifacts { get; }
}

using System.Text.Json;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Staging;

/// <summary>
/// The embedded default: chunks as files under a directory. Data files are written under their final, unique name
/// and flushed; the manifest is written to a temporary file and renamed, so a crash never leaves a half manifest.
/// </summary>
public sealed class LocalDirectoryChunkStore(string root) : IChunkStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Describe(string migrationId) => Path.Combine(Root, migrationId);

    public IArtifactStore Artifacts => new LocalArtifactStore(Root);

    string FullPath(string migrationId, string name)
    {
        ChunkPaths.CheckMigrationId(migrationId);
        return Path.Combine(Root, migrationId, name.Replace('/', Path.DirectorySeparatorChar));
    }

    public Task<(string DataObject, Stream Stream)> CreateDataAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        var name = ChunkPaths.NewData(chunkId);
        var path = FullPath(migrationId, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Stream stream = new PageCacheFile(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16));
        return Task.FromResult((name, stream));
    }

    public async Task SealAsync(ChunkManifest manifest, CancellationToken ct = default)
    {
        // Stale data files of earlier attempts are no longer referenced by anything: remove them first.
        var keep = FullPath(manifest.MigrationId, manifest.DataObject);
        foreach (var stale in DataFiles(manifest.MigrationId, manifest.ChunkId).Where(f => f != keep))
            File.Delete(stale);
        await WriteAtomicAsync(FullPath(manifest.MigrationId, ChunkPaths.Manifest(manifest.ChunkId)),
            JsonSerializer.Serialize(manifest, SpecLoader.JsonOptions), ct);
    }

    public async Task<ChunkManifest?> TryGetManifestAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        var path = FullPath(migrationId, ChunkPaths.Manifest(chunkId));
        if (!File.Exists(path)) return null;
        var manifest = JsonSerializer.Deserialize<ChunkManifest>(await File.ReadAllTextAsync(path, ct), SpecLoader.JsonOptions);
        return manifest is not null && File.Exists(FullPath(migrationId, manifest.DataObject)) ? manifest : null;
    }

    public Task<Stream> OpenDataAsync(ChunkManifest manifest, CancellationToken ct = default) =>
        Task.FromResult<Stream>(new PageCacheFile(new FileStream(FullPath(manifest.MigrationId, manifest.DataObject), FileMode.Open,
            FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan)));

    public Task DeleteChunkAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        File.Delete(FullPath(migrationId, ChunkPaths.Manifest(chunkId)));
        foreach (var file in DataFiles(migrationId, chunkId)) File.Delete(file);
        return Task.CompletedTask;
    }

    public Task WriteDocumentAsync(string migrationId, string name, string content, CancellationToken ct = default) =>
        WriteAtomicAsync(FullPath(migrationId, name), content, ct);

    public Task<Stream> CreateDocumentAsync(string migrationId, string name, CancellationToken ct = default)
    {
        var path = FullPath(migrationId, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Task.FromResult<Stream>(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous));
    }

    public async Task<string?> ReadDocumentAsync(string migrationId, string name, CancellationToken ct = default)
    {
        var path = FullPath(migrationId, name);
        return File.Exists(path) ? await File.ReadAllTextAsync(path, ct) : null;
    }

    IEnumerable<string> DataFiles(string migrationId, string chunkId)
    {
        var prefix = FullPath(migrationId, ChunkPaths.DataPrefix(chunkId));
        var dir = Path.GetDirectoryName(prefix)!;
        if (!Directory.Exists(dir)) return [];
        var stem = Path.GetFileName(prefix);
        return Directory.EnumerateFiles(dir, stem + "*.zst").ToList();
    }

    static async Task WriteAtomicAsync(string path, string content, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(content), ct);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}

using System.Text.Json;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Staging;

/// <summary>
/// The embedded default: chunks as files under a directory. Data files are written under their final, unique name
/// and flushed; the manifest is written to a temporary file and renamed, so a crash never leaves a half manifest. A
/// write that fails (a full disk, a permission) fails with the path and the operating system's reason, at once.
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

    public Task<(string DataObject, StagingWrite Stream)> CreateDataAsync(string migrationId, string chunkId,
        CancellationToken ct = default)
    {
        var name = ChunkPaths.NewData(chunkId);
        var path = FullPath(migrationId, name);
        var stream = Writing(path, () => new FileWrite(this, path));
        return Task.FromResult((name, (StagingWrite)stream));
    }

    public async Task SealAsync(ChunkManifest manifest, CancellationToken ct = default)
    {
        // Stale data files of earlier attempts are no longer referenced by anything: remove them first.
        var keep = FullPath(manifest.MigrationId, manifest.DataObject);
        foreach (var stale in DataFiles(manifest.MigrationId, manifest.ChunkId).Where(f => f != keep))
            Writing(stale, () => { File.Delete(stale); return true; });
        await WriteAtomicAsync(FullPath(manifest.MigrationId, ChunkPaths.Manifest(manifest.ChunkId)),
            JsonSerializer.Serialize(manifest, SpecLoader.JsonOptions), ct);
    }

    public async Task<ChunkManifest?> TryGetManifestAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        var path = FullPath(migrationId, ChunkPaths.Manifest(chunkId));
        if (!File.Exists(path)) return null;
        var manifest = StagedDocuments.Manifest(await File.ReadAllTextAsync(path, ct), path);
        return File.Exists(FullPath(migrationId, manifest.DataObject)) ? manifest : null;
    }

    /// <summary>
    /// A staged file that cannot be opened (gone, a permission taken away, a disk error) is reported as unreadable
    /// data: the load then treats the chunk as corrupt, and it is extracted again from the source.
    /// </summary>
    public Task<Stream> OpenDataAsync(ChunkManifest manifest, CancellationToken ct = default)
    {
        var path = FullPath(manifest.MigrationId, manifest.DataObject);
        try
        {
#pragma warning disable CA2000 // the returned PageCacheFile owns the file and closes it
            return Task.FromResult<Stream>(new PageCacheFile(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16,
                FileOptions.SequentialScan)));
#pragma warning restore CA2000
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: {StagingFailedException.Reason(e, path)}", e);
        }
    }

    public Task DeleteChunkAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        foreach (var file in DataFiles(migrationId, chunkId).Prepend(FullPath(migrationId, ChunkPaths.Manifest(chunkId))))
            Writing(file, () => { File.Delete(file); return true; });
        return Task.CompletedTask;
    }

    public Task WriteDocumentAsync(string migrationId, string name, string content, CancellationToken ct = default) =>
        WriteAtomicAsync(FullPath(migrationId, name), content, ct);

    /// <summary>Written to a temporary file, which becomes the document when committed.</summary>
    public Task<StagingWrite> CreateDocumentAsync(string migrationId, string name, CancellationToken ct = default)
    {
        var path = FullPath(migrationId, name);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        return Task.FromResult<StagingWrite>(Writing(temp, () => new FileWrite(this, temp, moveTo: path)));
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

    async Task WriteAtomicAsync(string path, string content, CancellationToken ct)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(content), ct);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); } catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException) { }
            throw Failure(path, e);
        }
    }

    T Writing<T>(string path, Func<T> write)
    {
        try { return write(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw Failure(path, e); }
    }

    /// <summary>What failed, where, the operating system's reason and the room left, and what to do.</summary>
    StagingFailedException Failure(string path, Exception e)
    {
        string room;
        try { room = $" ({new DriveInfo(Root).AvailableFreeSpace / 1048576.0:N1} MB free there)"; }
        catch (Exception probe) when (probe is IOException or UnauthorizedAccessException or ArgumentException) { room = ""; }
        return new StagingFailedException(
            $"the staging directory {Root} failed writing {path}: {StagingFailedException.Reason(e, path).TrimEnd('.')}{room}. " +
            "Make it writable with room to spare, or point staging.path elsewhere", e);
    }

    /// <summary>
    /// A file written in place under its unique name (or moved to <paramref name="moveTo"/> when committed); abandoned, it is deleted.
    /// </summary>
    sealed class FileWrite(LocalDirectoryChunkStore store, string path, string? moveTo = null) : StagingWrite
    {
#pragma warning disable CA2213 // closed by CommitCoreAsync, or by AbandonAsync, which StagingWrite's dispose calls uncommitted
        readonly FileStream _file = Open(path);
#pragma warning restore CA2213

        static FileStream Open(string path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        }

        // Synchronous, on the caller's thread: an async file write on Linux is a thread-pool hop (PageCacheFile).
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            ct.ThrowIfCancellationRequested();
            try { _file.Write(buffer.Span); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw store.Failure(path, e); }
            return ValueTask.CompletedTask;
        }

        protected override ValueTask CommitCoreAsync(CancellationToken ct)
        {
            store.Writing(path, () => { _file.Flush(); _file.Dispose(); return true; });
            if (moveTo is not null) store.Writing(moveTo, () => { File.Move(path, moveTo, overwrite: true); return true; });
            return ValueTask.CompletedTask;
        }

        protected override ValueTask AbandonAsync()
        {
            // Closing flushes what the buffer still holds: on a full disk that fails again, and is not news.
            try { _file.Dispose(); } catch (IOException) { }
            try { File.Delete(path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            return ValueTask.CompletedTask;
        }
    }
}

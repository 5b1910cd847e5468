namespace Orchestrator.Core.Staging;

/// <summary>
/// A remote chunk store with a local copy of each chunk this process stages: the extract writes the chunk to the store
/// and, beside it, to a local spool file; the load reads the spool file when it is there instead of downloading the
/// chunk again, and the file is deleted as it is closed. The store stays the checkpoint: a chunk is sealed, resumed
/// and re-read from it exactly as before, and the load checks the local copy's digest against the manifest like any
/// other. For one-machine hosts (the CLI), where every load runs beside its extract: a Functions instance would keep
/// copies that another instance loads.
/// </summary>
public sealed class SpooledChunkStore(IChunkStore store, string spoolDirectory, long maxSpooledBytes = SpooledChunkStore.MaxSpooledBytes)
    : IChunkStore
{
    /// <summary>
    /// The spool directory of this process under <paramref name="parent"/>, named by its PID, after removing those of
    /// processes that no longer run (a killed run leaves the chunks it had in flight).
    /// </summary>
    public static string DirectoryFor(string parent)
    {
        const string Prefix = "migrator-spool-";
        foreach (var orphan in Directory.EnumerateDirectories(parent, Prefix + "*"))
            if (int.TryParse(Path.GetFileName(orphan)[Prefix.Length..], out var pid) && !IsRunning(pid))
                try { Directory.Delete(orphan, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Path.Combine(parent, Prefix + Environment.ProcessId);
    }

    static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    public string Describe(string migrationId) => store.Describe(migrationId);
    public IArtifactStore Artifacts => store.Artifacts;

    string SpoolPath(string migrationId, string dataObject) =>
        Path.Combine(spoolDirectory, migrationId, dataObject.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>How a local copy is opened (a test opens one on a full device).</summary>
    internal Func<string, FileStream> OpenSpoolFile { get; init; } =
        path => new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);

    /// <summary>A chunk larger than this goes to the store alone (its local copy is dropped as it passes the size).</summary>
    public const long MaxSpooledBytes = 1L << 30;

    public async Task<(string DataObject, StagingWrite Stream)> CreateDataAsync(string migrationId, string chunkId,
        CancellationToken ct = default)
    {
        var (name, remote) = await store.CreateDataAsync(migrationId, chunkId, ct);
        var path = SpoolPath(migrationId, name);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!HasRoom(path)) return (name, remote);
            return (name, new SpoolingStream(remote, OpenSpoolFile(path + ".partial"), path, maxSpooledBytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (name, remote); // the local copy is a shortcut: without it the load reads the store
        }
    }

    /// <summary>
    /// Spool only to a disk with room for a few large chunks, never to memory: a temporary directory on tmpfs would
    /// hold every chunk in flight in RAM, which the bounded-memory rule forbids.
    /// </summary>
    bool HasRoom(string path)
    {
        var drive = new DriveInfo(Path.GetDirectoryName(path)!);
        return drive.DriveFormat is not ("tmpfs" or "ramfs") && drive.AvailableFreeSpace > 4 * maxSpooledBytes;
    }

    public async Task<Stream> OpenDataAsync(ChunkManifest manifest, CancellationToken ct = default)
    {
        var path = SpoolPath(manifest.MigrationId, manifest.DataObject);
        try
        {
            // Read once: a failed load (the digest, the target) goes back to the store on its retry.
#pragma warning disable CA2000 // the returned PageCacheFile owns the file and closes it
            return new PageCacheFile(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Delete, bufferSize: 0,
                FileOptions.DeleteOnClose));
#pragma warning restore CA2000
        }
        catch (FileNotFoundException) { }
        catch (DirectoryNotFoundException) { }
        return await store.OpenDataAsync(manifest, ct);
    }

    public async Task DeleteChunkAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        await store.DeleteChunkAsync(migrationId, chunkId, ct);
        var directory = Path.GetDirectoryName(SpoolPath(migrationId, ChunkPaths.DataPrefix(chunkId)))!;
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory, Path.GetFileName(ChunkPaths.DataPrefix(chunkId)) + "*"))
            File.Delete(file);
    }

    public Task SealAsync(ChunkManifest manifest, CancellationToken ct = default) => store.SealAsync(manifest, ct);
    public Task<ChunkManifest?> TryGetManifestAsync(string migrationId, string chunkId, CancellationToken ct = default)
        => store.TryGetManifestAsync(migrationId, chunkId, ct);
    public Task WriteDocumentAsync(string migrationId, string name, string content, CancellationToken ct = default)
        => store.WriteDocumentAsync(migrationId, name, content, ct);
    public Task<string?> ReadDocumentAsync(string migrationId, string name, CancellationToken ct = default)
        => store.ReadDocumentAsync(migrationId, name, ct);
    public Task<StagingWrite> CreateDocumentAsync(string migrationId, string name, CancellationToken ct = default)
        => store.CreateDocumentAsync(migrationId, name, ct);

    /// <summary>
    /// Writes to the store and the spool file; the file gets its final name only once the store has committed the
    /// chunk. The local copy is a shortcut, not the checkpoint: when writing it fails (its disk full), it is dropped
    /// and the chunk goes on to the store alone.
    /// </summary>
    sealed class SpoolingStream(StagingWrite remote, FileStream local, string path, long maxBytes) : StagingWrite
    {
        bool _dropped; // the chunk outgrew maxBytes, or its local copy failed: the store alone has it
        long _spooled; // counted here: FileStream.Length is a system call (fstat) per write

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            if (!_dropped && _spooled + buffer.Length > maxBytes) Drop();
            // Buffered, and the page cache takes it at once; an async file write on Linux is a thread-pool hop.
            if (!_dropped)
            {
                try
                {
                    local.Write(buffer.Span);
                    _spooled += buffer.Length;
                }
                catch (IOException) { Drop(); }
            }
            await remote.WriteAsync(buffer, ct);
        }

        void Drop()
        {
            _dropped = true;
            try { local.Dispose(); } catch (IOException) { } // its buffer flushes as it closes: on a full disk, in vain
            try { File.Delete(local.Name); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        }

        protected override async ValueTask CommitCoreAsync(CancellationToken ct)
        {
            if (!_dropped)
                try { await local.DisposeAsync(); }
                catch (IOException) { Drop(); }
            await remote.CommitAsync(ct);
            if (_dropped) return;
            try { File.Move(local.Name, path, overwrite: true); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Drop(); }
        }

        protected override async ValueTask AbandonAsync()
        {
            Drop();
            await remote.DisposeAsync();
        }
    }
}

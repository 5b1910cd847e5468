using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Staging;

namespace Orchestrator.Tests.Staging;

public sealed class SpooledChunkStoreTests : IDisposable
{
    const string Chunk = "t0001-s.t/c00000";
    const long Cap = 1 << 20; // small, so the free-space check asks for little
    // Beside the test binaries, on a disk: the spool refuses a temporary directory on tmpfs.
    readonly string _root =
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "spooled-" + Guid.NewGuid().ToString("N"))).FullName;
    string StoreRoot => Path.Combine(_root, "store");
    string Spool => Path.Combine(_root, "spool");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    static ChunkManifest Manifest(string dataObject) => new()
    {
        MigrationId = "m1", ChunkId = Chunk, Table = new TableName("s", "t"), Range = ChunkRange.All,
        Columns = [new ManifestColumn("a", "integer")], DataObject = dataObject, Rows = 3, Digest = "00",
    };

    static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    string[] SpoolFiles() => Directory.Exists(Spool) ? Directory.GetFiles(Spool, "*", SearchOption.AllDirectories) : [];

    async Task<ChunkManifest> StageAsync(IChunkStore store, byte[] data)
    {
        var (name, stream) = await store.CreateDataAsync("m1", Chunk);
        await using (stream)
        {
            await stream.WriteAsync(data);
            await stream.CommitAsync(default);
        }
        var manifest = Manifest(name);
        await store.SealAsync(manifest);
        return manifest;
    }

    [Fact]
    public async Task The_load_reads_the_local_copy_once_then_the_store()
    {
        var inner = new LocalDirectoryChunkStore(StoreRoot);
        var store = new SpooledChunkStore(inner, Spool, Cap);
        var manifest = await StageAsync(store, [1, 2, 3]);
        Assert.Equal([1, 2, 3], await ReadAllAsync(await inner.OpenDataAsync(manifest))); // the store has the chunk too
        Assert.Single(SpoolFiles());

        // Change the store's copy: the first read must come from the spool, the next (a retry) from the store.
        var storeFile = Directory.GetFiles(StoreRoot, "*.zst", SearchOption.AllDirectories).Single();
        await File.WriteAllBytesAsync(storeFile, [9, 9]);
        Assert.Equal([1, 2, 3], await ReadAllAsync(await store.OpenDataAsync(manifest)));
        Assert.Empty(SpoolFiles());
        Assert.Equal([9, 9], await ReadAllAsync(await store.OpenDataAsync(manifest)));
    }

    [Fact]
    public async Task A_chunk_larger_than_the_cap_goes_to_the_store_alone()
    {
        var store = new SpooledChunkStore(new LocalDirectoryChunkStore(StoreRoot), Spool, maxSpooledBytes: 1000);
        var small = await StageAsync(store, new byte[600]);
        Assert.Single(SpoolFiles());
        Assert.Equal(600, (await ReadAllAsync(await store.OpenDataAsync(small))).Length);

        var (name, stream) = await store.CreateDataAsync("m1", "t0001-s.t/c00001");
        await using (stream)
        {
            for (var i = 0; i < 5; i++) await stream.WriteAsync(new byte[300]); // passes the cap at the fourth write
            await stream.CommitAsync(default);
        }
        Assert.Empty(SpoolFiles());
        var manifest = Manifest(name) with { ChunkId = "t0001-s.t/c00001" };
        await store.SealAsync(manifest);
        Assert.Equal(1500, (await ReadAllAsync(await store.OpenDataAsync(manifest))).Length); // from the store
    }

    [Fact]
    public async Task Row_sized_writes_reach_the_local_copy_whole_and_in_order()
    {
        // An extract writes a row at a time when its source hands it rows (~360 bytes): the spool buffers them.
        var data = Enumerable.Range(0, 20_000 * 37).Select(i => (byte)(i * 7 + i / 251)).ToArray();
        var inner = new LocalDirectoryChunkStore(StoreRoot);
        var store = new SpooledChunkStore(inner, Spool, Cap);
        var (name, stream) = await store.CreateDataAsync("m1", Chunk);
        await using (stream)
        {
            for (var offset = 0; offset < data.Length; offset += 37) await stream.WriteAsync(data.AsMemory(offset, 37));
            await stream.CommitAsync(default);
        }
        var manifest = Manifest(name);
        await store.SealAsync(manifest);
        var storeFile = Directory.GetFiles(StoreRoot, "*.zst", SearchOption.AllDirectories).Single();
        await File.WriteAllBytesAsync(storeFile, [9]); // so only the local copy can give the data back

        Assert.Equal(data, await ReadAllAsync(await store.OpenDataAsync(manifest)));
    }

    [Fact]
    public async Task Deleting_a_chunk_removes_its_local_copy_and_no_other()
    {
        var store = new SpooledChunkStore(new LocalDirectoryChunkStore(StoreRoot), Spool, Cap);
        await StageAsync(store, [1]);
        var (_, other) = await store.CreateDataAsync("m1", "t0001-s.t/c00001");
        await other.CommitAsync(default);
        Assert.Equal(2, SpoolFiles().Length);

        await store.DeleteChunkAsync("m1", Chunk);
        Assert.Null(await store.TryGetManifestAsync("m1", Chunk));
        Assert.Contains("c00001.", Assert.Single(SpoolFiles()));
    }

    [Fact]
    public async Task A_chunk_the_store_did_not_commit_leaves_no_local_copy()
    {
        var store = new SpooledChunkStore(new UncommittableStore(new LocalDirectoryChunkStore(StoreRoot)), Spool, Cap);
        var (_, stream) = await store.CreateDataAsync("m1", Chunk);
        await stream.WriteAsync(new byte[] { 1, 2, 3 });
        await Assert.ThrowsAsync<IOException>(async () => await stream.CommitAsync(default));
        await stream.DisposeAsync();
        Assert.Empty(SpoolFiles());
    }

    /// <summary>
    /// The local copy is a shortcut: its disk filling up (here /dev/full, which answers every write so) costs only the shortcut.
    /// </summary>
    [Theory]
    [InlineData(100)]     // fails as the buffer flushes at the commit
    [InlineData(300_000)] // fails mid-chunk
    public async Task A_local_copy_that_cannot_be_written_is_dropped_and_the_chunk_goes_to_the_store_alone(int size)
    {
        var inner = new LocalDirectoryChunkStore(StoreRoot);
        var store = new SpooledChunkStore(inner, Spool, Cap)
        {
            OpenSpoolFile = path =>
            {
                File.CreateSymbolicLink(path, "/dev/full");
                return new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None, 1 << 16);
            },
        };
        var data = Enumerable.Range(0, size).Select(i => (byte)i).ToArray();
        var manifest = await StageAsync(store, data);
        Assert.Empty(SpoolFiles());
        Assert.True(File.Exists("/dev/full"));
        Assert.Equal(data, await ReadAllAsync(await store.OpenDataAsync(manifest))); // from the store
    }

    [Fact]
    public async Task An_abandoned_chunk_leaves_no_local_copy_and_is_abandoned_in_the_store_too()
    {
        var store = new SpooledChunkStore(new LocalDirectoryChunkStore(StoreRoot), Spool, Cap);
        var (_, stream) = await store.CreateDataAsync("m1", Chunk);
        await stream.WriteAsync(new byte[1000]);
        Assert.Single(SpoolFiles());
        await stream.DisposeAsync();
        Assert.Empty(SpoolFiles());
        Assert.Empty(Directory.GetFiles(StoreRoot, "*.zst", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_spool_left_by_a_process_that_no_longer_runs_is_removed_and_a_running_ones_kept()
    {
        var dead = Directory.CreateDirectory(Path.Combine(_root, "migrator-spool-99999999")).FullName; // beyond any pid_max
        File.WriteAllText(Path.Combine(dead, "c00000.ab.zst"), "x");
        var running = Directory.CreateDirectory(Path.Combine(_root, $"migrator-spool-{Environment.ProcessId}")).FullName;
        var parentPid = Directory.CreateDirectory(Path.Combine(_root, "migrator-spool-1")).FullName; // init, always running

        var mine = SpooledChunkStore.DirectoryFor(_root);

        Assert.False(Directory.Exists(dead));
        Assert.True(Directory.Exists(running));
        Assert.True(Directory.Exists(parentPid));
        Assert.Equal(Path.Combine(_root, $"migrator-spool-{Environment.ProcessId}"), mine);
    }

    /// <summary>A store whose data streams fail as they commit (a blob's final block list refused).</summary>
    sealed class UncommittableStore(IChunkStore inner) : IChunkStore
    {
        public async Task<(string DataObject, StagingWrite Stream)> CreateDataAsync(
            string migrationId, string chunkId, CancellationToken ct = default)
        {
            var (name, stream) = await inner.CreateDataAsync(migrationId, chunkId, ct);
            await stream.DisposeAsync();
            return (name, new MemoryStagingWrite(failCommit: true));
        }

        public string Describe(string migrationId) => inner.Describe(migrationId);
        public IArtifactStore Artifacts => inner.Artifacts;
        public Task SealAsync(ChunkManifest manifest, CancellationToken ct = default) => inner.SealAsync(manifest, ct);
        public Task<ChunkManifest?> TryGetManifestAsync(string migrationId, string chunkId, CancellationToken ct = default) =>
            inner.TryGetManifestAsync(migrationId, chunkId, ct);
        public Task<Stream> OpenDataAsync(ChunkManifest manifest, CancellationToken ct = default) => inner.OpenDataAsync(manifest, ct);
        public Task DeleteChunkAsync(string migrationId, string chunkId, CancellationToken ct = default) =>
            inner.DeleteChunkAsync(migrationId, chunkId, ct);
        public Task WriteDocumentAsync(string migrationId, string name, string content, CancellationToken ct = default) =>
            inner.WriteDocumentAsync(migrationId, name, content, ct);
        public Task<string?> ReadDocumentAsync(string migrationId, string name, CancellationToken ct = default) =>
            inner.ReadDocumentAsync(migrationId, name, ct);
        public Task<StagingWrite> CreateDocumentAsync(string migrationId, string name, CancellationToken ct = default) =>
            inner.CreateDocumentAsync(migrationId, name, ct);
    }
}

using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Staging;

/// <summary>
/// Chunks as block blobs: a data blob is committed only when its stream is closed, so a crash leaves no partial blob
/// visible; the manifest blob is uploaded after it, and its existence seals the chunk.
/// </summary>
public sealed class BlobChunkStore(BlobContainerClient container) : IChunkStore
{
    const int BlockSize = 8 << 20;
    // The container is (re)created if missing at most every few seconds, not once: a storage account restored
    // without it, or an emulator restarted empty, then heals on the activity's next retry instead of failing the run.
    static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(5);
    readonly Lock _gate = new();
    long _containerCheckedAt;
    Task _containerReady = Task.CompletedTask;

    /// <summary>The container's url, without credentials: how messages name this store.</summary>
    public string Location { get; } = container.Uri.GetLeftPart(UriPartial.Path);

    public string Describe(string migrationId) => $"{Location}/{migrationId}";

    public IArtifactStore Artifacts => new BlobArtifactStore(container, this);

    internal Task<T> GuardAsync<T>(string doing, Func<Task<T>> call, CancellationToken ct) =>
        BlobStoreFailures.GuardAsync(Location, doing, call, ct);

    internal Task GuardAsync(string doing, Func<Task> call, CancellationToken ct)
        => BlobStoreFailures.GuardAsync(Location, doing, call, ct);

    async Task<BlobClient> BlobAsync(string migrationId, string name, CancellationToken ct)
    {
        ChunkPaths.CheckMigrationId(migrationId);
        await EnsureContainerAsync(ct);
        return container.GetBlobClient($"{migrationId}/{name}");
    }

    // Every caller waits for the same check, so nothing writes before the container exists.
    internal Task EnsureContainerAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            var now = Environment.TickCount64;
            if (_containerCheckedAt == 0 || now - _containerCheckedAt > RecheckEvery.TotalMilliseconds)
            {
                _containerCheckedAt = now;
                // Shared by every caller, so no caller's token: each waits with its own below.
                _containerReady = container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            }
            return GuardAsync("creating the container", () => _containerReady.WaitAsync(ct), ct);
        }
    }

    public async Task<(string DataObject, StagingWrite Stream)> CreateDataAsync(string migrationId, string chunkId,
        CancellationToken ct = default)
    {
        var name = ChunkPaths.NewData(chunkId);
        var blob = await BlobAsync(migrationId, name, ct);
        var stream = await GuardAsync($"creating {blob.Name}",
            () => blob.OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions { BufferSize = BlockSize }, ct), ct);
        return (name, new BlobWrite(this, blob.Name, stream));
    }

    public async Task SealAsync(ChunkManifest manifest, CancellationToken ct = default)
    {
        var blob = await BlobAsync(manifest.MigrationId, ChunkPaths.Manifest(manifest.ChunkId), ct);
        await GuardAsync($"writing {blob.Name}", () => blob.UploadAsync(
            BinaryData.FromString(JsonSerializer.Serialize(manifest, SpecLoader.JsonOptions)), overwrite: true, ct), ct);
        await DeleteStaleDataAsync(manifest.MigrationId, manifest.ChunkId, manifest.DataObject, ct);
    }

    public async Task<ChunkManifest?> TryGetManifestAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        var blob = await BlobAsync(migrationId, ChunkPaths.Manifest(chunkId), ct);
        try
        {
            var content = await GuardAsync($"reading {blob.Name}", () => blob.DownloadContentAsync(ct), ct);
            var manifest = StagedDocuments.Manifest(content.Value.Content.ToString(),
                $"{Describe(migrationId)}/{ChunkPaths.Manifest(chunkId)}");
            var data = await BlobAsync(migrationId, manifest.DataObject, ct);
            return (await GuardAsync($"reading {data.Name}", () => data.ExistsAsync(ct), ct)).Value ? manifest : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<Stream> OpenDataAsync(ChunkManifest manifest, CancellationToken ct = default)
    {
        var blob = await BlobAsync(manifest.MigrationId, manifest.DataObject, ct);
        var stream = await GuardAsync($"reading {blob.Name}",
            () => blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = BlockSize }, ct), ct);
        return new BlobRead(this, blob.Name, stream);
    }

    public async Task DeleteChunkAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        var manifest = await BlobAsync(migrationId, ChunkPaths.Manifest(chunkId), ct);
        await GuardAsync($"deleting {manifest.Name}", () => manifest.DeleteIfExistsAsync(cancellationToken: ct), ct);
        await DeleteStaleDataAsync(migrationId, chunkId, keep: null, ct);
    }

    public async Task WriteDocumentAsync(string migrationId, string name, string content, CancellationToken ct = default)
    {
        var blob = await BlobAsync(migrationId, name, ct);
        await GuardAsync($"writing {blob.Name}", () => blob.UploadAsync(BinaryData.FromString(content), overwrite: true, ct), ct);
    }

    /// <summary>Uploaded in blocks like chunk data: the blob is replaced only when the block list is committed.</summary>
    public async Task<StagingWrite> CreateDocumentAsync(string migrationId, string name, CancellationToken ct = default)
    {
        var blob = await BlobAsync(migrationId, name, ct);
        var stream = await GuardAsync($"creating {blob.Name}",
            () => blob.OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions { BufferSize = BlockSize }, ct), ct);
        return new BlobWrite(this, blob.Name, stream);
    }

    public async Task<string?> ReadDocumentAsync(string migrationId, string name, CancellationToken ct = default)
    {
        var blob = await BlobAsync(migrationId, name, ct);
        try
        {
            var content = await GuardAsync($"reading {blob.Name}", () => blob.DownloadContentAsync(ct), ct);
            return Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    async Task DeleteStaleDataAsync(string migrationId, string chunkId, string? keep, CancellationToken ct)
    {
        var prefix = $"{migrationId}/{ChunkPaths.DataPrefix(chunkId)}";
        await GuardAsync($"cleaning {prefix}*", async () =>
        {
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct))
                if (item.Name.EndsWith(".zst", StringComparison.Ordinal) && item.Name != $"{migrationId}/{keep}")
                    await container.DeleteBlobIfExistsAsync(item.Name, cancellationToken: ct);
        }, ct);
    }

    /// <summary>
    /// A data blob being uploaded in blocks. Committed, the SDK's stream commits the block list; abandoned, it is left
    /// undisposed, so no block list is ever committed (the service drops uncommitted blocks) and nothing is retried.
    /// </summary>
    internal sealed class BlobWrite(BlobChunkStore store, string name, Stream stream) : StagingWrite
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) =>
            new(store.GuardAsync($"uploading {name}", () => stream.WriteAsync(buffer, ct).AsTask(), ct));

        protected override ValueTask CommitCoreAsync(CancellationToken ct) =>
            new(store.GuardAsync($"committing {name}", () => stream.DisposeAsync().AsTask(), ct));

        protected override ValueTask AbandonAsync() => ValueTask.CompletedTask;
    }

    /// <summary>A data blob being downloaded: a store that stops answering mid-chunk is named, with the time waited.</summary>
    sealed class BlobRead(BlobChunkStore store, string name, Stream stream) : ForwardOnlyStream(readable: true)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            new(store.GuardAsync($"downloading {name}", () => stream.ReadAsync(buffer, ct).AsTask(), ct));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask DisposeAsync() => stream.DisposeAsync();

        protected override void Dispose(bool disposing)
        {
            if (disposing) stream.Dispose();
            base.Dispose(disposing);
        }
    }
}

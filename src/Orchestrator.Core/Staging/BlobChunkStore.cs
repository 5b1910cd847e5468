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

    public string Describe(string migrationId) => $"{container.Uri.GetLeftPart(UriPartial.Path)}/{migrationId}";

    public IArtifactStore Artifacts => new BlobArtifactStore(container, EnsureContainerAsync);

    async Task<BlobClient> BlobAsync(string migrationId, string name, CancellationToken ct)
    {
        ChunkPaths.CheckMigrationId(migrationId);
        await EnsureContainerAsync().WaitAsync(ct);
        return container.GetBlobClient($"{migrationId}/{name}");
    }

    // Every caller waits for the same check, so nothing writes before the container exists.
    Task EnsureContainerAsync()
    {
        lock (_gate)
        {
            var now = Environment.TickCount64;
            if (_containerCheckedAt == 0 || now - _containerCheckedAt > RecheckEvery.TotalMilliseconds)
            {
                _containerCheckedAt = now;
                _containerReady = container.CreateIfNotExistsAsync();
            }
            return _containerReady;
        }
    }

    public async Task<(string DataObject, Stream Stream)> CreateDataAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        var name = ChunkPaths.NewData(chunkId);
        var blob = await BlobAsync(migrationId, name, ct);
        var stream = await blob.OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions { BufferSize = BlockSize }, ct);
        return (name, stream);
    }

    public async Task SealAsync(ChunkManifest manifest, CancellationToken ct = default)
    {
        var blob = await BlobAsync(manifest.MigrationId, ChunkPaths.Manifest(manifest.ChunkId), ct);
        await blob.UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(manifest, SpecLoader.JsonOptions)), overwrite: true, ct);
        await DeleteStaleDataAsync(manifest.MigrationId, manifest.ChunkId, manifest.DataObject, ct);
    }

    public async Task<ChunkManifest?> TryGetManifestAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        var blob = await BlobAsync(migrationId, ChunkPaths.Manifest(chunkId), ct);
        try
        {
            var content = await blob.DownloadContentAsync(ct);
            var manifest = content.Value.Content.ToObjectFromJson<ChunkManifest>(SpecLoader.JsonOptions);
            if (manifest is null) return null;
            var data = await BlobAsync(migrationId, manifest.DataObject, ct);
            return (await data.ExistsAsync(ct)).Value ? manifest : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<Stream> OpenDataAsync(ChunkManifest manifest, CancellationToken ct = default)
    {
        var blob = await BlobAsync(manifest.MigrationId, manifest.DataObject, ct);
        return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = BlockSize }, ct);
    }

    public async Task DeleteChunkAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        var manifest = await BlobAsync(migrationId, ChunkPaths.Manifest(chunkId), ct);
        await manifest.DeleteIfExistsAsync(cancellationToken: ct);
        await DeleteStaleDataAsync(migrationId, chunkId, keep: null, ct);
    }

    public async Task WriteDocumentAsync(string migrationId, string name, string content, CancellationToken ct = default)
    {
        var blob = await BlobAsync(migrationId, name, ct);
        await blob.UploadAsync(BinaryData.FromString(content), overwrite: true, ct);
    }

    public async Task<Stream> CreateDocumentAsync(string migrationId, string name, CancellationToken ct = default)
    {
        var blob = await BlobAsync(migrationId, name, ct);
        return await blob.OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions { BufferSize = BlockSize }, ct);
    }

    public async Task<string?> ReadDocumentAsync(string migrationId, string name, CancellationToken ct = default)
    {
        var blob = await BlobAsync(migrationId, name, ct);
        try
        {
            var content = await blob.DownloadContentAsync(ct);
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
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, ct))
            if (item.Name.EndsWith(".zst", StringComparison.Ordinal) && item.Name != $"{migrationId}/{keep}")
                await container.DeleteBlobIfExistsAsync(item.Name, cancellationToken: ct);
    }
}

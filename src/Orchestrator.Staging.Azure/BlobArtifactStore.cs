using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Orchestrator.Core.Staging;

/// <summary>The artifacts area of a blob-staged migration: the container beside its chunks.</summary>
public sealed class BlobArtifactStore(BlobContainerClient container, BlobChunkStore store) : IArtifactStore
{
    public async Task<ArtifactWriter> BeginAsync(CancellationToken ct = default)
    {
        await store.EnsureContainerAsync(ct);
        var incoming = container.GetBlobClient($"artifacts/incoming/{Guid.NewGuid():N}");
        var stream = await store.GuardAsync($"creating {incoming.Name}",
            () => incoming.OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions { BufferSize = 8 << 20 }, ct), ct);
#pragma warning disable CA2000 // the returned writer owns it: it commits it, or disposes it when abandoned
        return new Writer(container, store, incoming, new BlobChunkStore.BlobWrite(store, incoming.Name, stream));
#pragma warning restore CA2000
    }

    public async Task<Stream?> OpenAsync(string sha256, CancellationToken ct = default)
    {
        var blob = container.GetBlobClient(ArtifactWriter.Name(sha256));
        return await store.GuardAsync($"reading {blob.Name}", async () =>
            await blob.ExistsAsync(ct) ? await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), ct) : null, ct);
    }

    sealed class Writer(BlobContainerClient container, BlobChunkStore store, BlobClient incoming, StagingWrite stream) : ArtifactWriter
    {
        // Long enough to remove the temporary blob from a store that answers, short enough not to hold up a failure.
        static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(10);

        protected override Stream Sink => stream;

        protected override async Task<string> KeepAsync(string sha256, CancellationToken ct)
        {
            await stream.CommitAsync(ct);
            var kept = container.GetBlobClient(Name(sha256));
            await store.GuardAsync($"keeping {kept.Name}", async () =>
            {
                if (!await kept.ExistsAsync(ct))
                {
                    // A server-side copy inside the account: the bytes are not sent again.
                    var copy = await kept.StartCopyFromUriAsync(incoming.Uri, cancellationToken: ct);
                    await copy.WaitForCompletionAsync(ct);
                }
                await incoming.DeleteIfExistsAsync(cancellationToken: ct);
            }, ct);
            return kept.Uri.GetLeftPart(UriPartial.Path);
        }

        protected override async ValueTask CloseAsync()
        {
            if (Completed) return;
            await stream.DisposeAsync(); // abandoned: its blocks are never committed
            using var budget = new CancellationTokenSource(CleanupBudget);
            try { await incoming.DeleteIfExistsAsync(cancellationToken: budget.Token); }
            catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or AggregateException) { }
        }
    }
}

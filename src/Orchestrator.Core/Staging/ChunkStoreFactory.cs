using System.Collections.Concurrent;
using Azure.Identity;
using Azure.Storage.Blobs;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Staging;

/// <summary>
/// Builds (once per staging location) the chunk store a spec names. With a spool directory (one-machine hosts), blob
/// stores keep a local copy of what this process stages, so its loads need not download it (<see cref="SpooledChunkStore"/>).
/// </summary>
public sealed class ChunkStoreFactory(ConnectionResolver connections, string? spoolDirectory = null)
{
    readonly ConcurrentDictionary<string, IChunkStore> _stores = new();

    public IChunkStore Create(StagingSpec staging) => staging.Kind switch
    {
        "local" => _stores.GetOrAdd("local:" + staging.Path, _ => new LocalDirectoryChunkStore(staging.Path!)),
        "blob" => _stores.GetOrAdd($"blob:{staging.Connection}/{staging.Container}", _ => CreateBlob(staging)),
        _ => throw new SpecException($"staging.kind: unknown kind '{staging.Kind}'"),
    };

    IChunkStore CreateBlob(StagingSpec staging)
    {
        var value = connections.Resolve(staging.Connection!, "staging.connection");
        // A bare service URL means identity-based access (managed identity in Azure, developer login locally).
        var service = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? new BlobServiceClient(uri, new DefaultAzureCredential())
            : new BlobServiceClient(value);
        var store = new BlobChunkStore(service.GetBlobContainerClient(staging.Container));
        return spoolDirectory is null ? store : new SpooledChunkStore(store, spoolDirectory);
    }
}

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

    /// <summary>
    /// How long the storage SDK retries one operation of a blob staging store before the run fails naming the store:
    /// 5 retries, 1 to 16 s apart with exponential backoff (about 30 s in all), each request given 60 s to answer.
    /// Long enough for a store that restarts or fails over; the failure is then not retried again by the activity
    /// (<see cref="BlobStoreFailures"/>), so this is the whole wait.
    /// </summary>
    public static BlobClientOptions RetryBudget()
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = Azure.Core.RetryMode.Exponential;
        options.Retry.MaxRetries = 5;
        options.Retry.Delay = TimeSpan.FromSeconds(1);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(16);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        return options;
    }

    IChunkStore CreateBlob(StagingSpec staging)
    {
        var store = new BlobChunkStore(Container(staging, RetryBudget()));
        return spoolDirectory is null ? store : new SpooledChunkStore(store, spoolDirectory);
    }

    /// <summary>
    /// Asks a blob store whether its container exists, with one quick retry instead of the SDK's minute of them, so
    /// a wrong endpoint or key fails a run at its start. Throws what the store answered when it cannot.
    /// </summary>
    public async Task ProbeBlobAsync(StagingSpec staging, CancellationToken ct = default)
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        await Container(staging, options).ExistsAsync(ct); // a missing container is fine: the store creates it
    }

    /// <summary>Where a probe would look, for its error message (no credentials).</summary>
    public string DescribeBlob(StagingSpec staging) => Container(staging).Uri.GetLeftPart(UriPartial.Path);

    BlobContainerClient Container(StagingSpec staging, BlobClientOptions? options = null)
    {
        var value = connections.Resolve(staging.Connection!, "staging.connection");
        // A bare service URL means identity-based access (managed identity in Azure, developer login locally).
        var service = Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? new BlobServiceClient(uri, new DefaultAzureCredential(), options)
            : new BlobServiceClient(value, options);
        return service.GetBlobContainerClient(staging.Container);
    }
}

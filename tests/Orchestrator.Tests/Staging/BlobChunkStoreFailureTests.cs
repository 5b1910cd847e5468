using Azure.Storage;
using Azure.Storage.Blobs;
using Orchestrator.Core.Staging;

namespace Orchestrator.Tests.Staging;

/// <summary>
/// A blob store that does not answer (nothing listens on the port): the failure names the container and the wait, never the key.
/// </summary>
public class BlobChunkStoreFailureTests
{
    const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    static BlobChunkStore Unreachable()
    {
        var options = ChunkStoreFactory.RetryBudget();
        options.Retry.MaxRetries = 2; // the budget's shape, shortened for a test
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var container = new BlobContainerClient(new Uri("http://127.0.0.1:1/devstoreaccount1/chunks"),
            new StorageSharedKeyCredential("devstoreaccount1", Key), options);
        return new BlobChunkStore(container);
    }

    [Fact]
    public async Task Staging_a_chunk_in_a_store_that_does_not_answer_fails_naming_the_container_and_the_wait()
    {
        var error = await Assert.ThrowsAsync<StagingFailedException>(() => Unreachable().CreateDataAsync("m1", "t0001-s.t/c00000"));
        Assert.StartsWith(
            "the staging store http://127.0.0.1:1/devstoreaccount1/chunks did not answer while creating the container: ", error.Message);
        Assert.Contains("Connection refused", error.Message);
        Assert.Matches(@"; gave up after \d+ s of waiting and retrying\. Check that the store is reachable$", error.Message);
        Assert.DoesNotContain(Key, error.ToString());
        Assert.False(Orchestrator.Core.Workflow.TransientFailures.IsTransient(error));
    }

    [Fact]
    public async Task Reading_a_document_from_a_store_that_does_not_answer_fails_the_same_way()
    {
        var error = await Assert.ThrowsAsync<StagingFailedException>(() => Unreachable().ReadDocumentAsync("m1", "plan.json"));
        Assert.Contains("http://127.0.0.1:1/devstoreaccount1/chunks did not answer", error.Message);
    }
}

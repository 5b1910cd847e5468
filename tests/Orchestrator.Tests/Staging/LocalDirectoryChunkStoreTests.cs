using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;

namespace Orchestrator.Tests.Staging;

public sealed class LocalDirectoryChunkStoreTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("chunkstore-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    static ChunkManifest Manifest(string dataObject) => new()
    {
        MigrationId = "m1", ChunkId = "t0001-s.t/c00000", Table = new TableName("s", "t"), Range = ChunkRange.All,
        Columns = [new ManifestColumn("a", "integer")], DataObject = dataObject, Rows = 3, Digest = "00",
    };

    [Fact]
    public async Task Data_without_a_manifest_is_not_a_chunk()
    {
        var store = new LocalDirectoryChunkStore(_root);
        var (name, stream) = await store.CreateDataAsync("m1", "t0001-s.t/c00000");
        await using (stream)
        {
            await stream.WriteAsync(new byte[] { 1, 2, 3 });
            await stream.CommitAsync(default);
        }
        Assert.Null(await store.TryGetManifestAsync("m1", "t0001-s.t/c00000"));

        await store.SealAsync(Manifest(name));
        var sealedManifest = await store.TryGetManifestAsync("m1", "t0001-s.t/c00000");
        Assert.NotNull(sealedManifest);
        await using var read = await store.OpenDataAsync(sealedManifest);
        Assert.Equal(3, read.Length);
    }

    [Fact]
    public async Task Sealing_removes_data_of_earlier_attempts_and_delete_removes_all()
    {
        var store = new LocalDirectoryChunkStore(_root);
        var (first, s1) = await store.CreateDataAsync("m1", "t0001-s.t/c00000");
        await s1.CommitAsync(default);
        var (second, s2) = await store.CreateDataAsync("m1", "t0001-s.t/c00000");
        await s2.CommitAsync(default);
        await store.SealAsync(Manifest(second));
        var dir = Path.Combine(_root, "m1", "chunks", "t0001-s.t");
        Assert.Equal([Path.GetFileName(second)], Directory.GetFiles(dir, "*.zst").Select(Path.GetFileName));
        Assert.NotEqual(first, second);

        await store.DeleteChunkAsync("m1", "t0001-s.t/c00000");
        Assert.Empty(Directory.GetFiles(dir));
        Assert.Null(await store.TryGetManifestAsync("m1", "t0001-s.t/c00000"));
    }

    [Fact]
    public async Task A_manifest_whose_data_is_gone_is_not_sealed()
    {
        var store = new LocalDirectoryChunkStore(_root);
        var (name, stream) = await store.CreateDataAsync("m1", "t0001-s.t/c00000");
        await stream.CommitAsync(default);
        await store.SealAsync(Manifest(name));
        File.Delete(Path.Combine(_root, "m1", name));
        Assert.Null(await store.TryGetManifestAsync("m1", "t0001-s.t/c00000"));
    }

    [Fact]
    public async Task Data_abandoned_before_its_commit_is_removed()
    {
        var store = new LocalDirectoryChunkStore(_root);
        var (name, stream) = await store.CreateDataAsync("m1", "t0001-s.t/c00000");
        await stream.WriteAsync(new byte[100_000]);
        Assert.True(File.Exists(Path.Combine(_root, "m1", name)));
        await stream.DisposeAsync();
        Assert.False(File.Exists(Path.Combine(_root, "m1", name)));
    }

    [Fact]
    public async Task A_streamed_document_replaces_the_earlier_one_only_when_committed()
    {
        var store = new LocalDirectoryChunkStore(_root);
        await store.WriteDocumentAsync("m1", "graph/nodes-A.csv", "old\n");
        await using (var abandoned = await store.CreateDocumentAsync("m1", "graph/nodes-A.csv"))
            await abandoned.WriteAsync("half"u8.ToArray());
        Assert.Equal("old\n", await store.ReadDocumentAsync("m1", "graph/nodes-A.csv"));
        await using (var committed = await store.CreateDocumentAsync("m1", "graph/nodes-A.csv"))
        {
            await committed.WriteAsync("new\n"u8.ToArray());
            await committed.CommitAsync(default);
        }
        Assert.Equal("new\n", await store.ReadDocumentAsync("m1", "graph/nodes-A.csv"));
        Assert.Equal(["nodes-A.csv"], Directory.GetFiles(Path.Combine(_root, "m1", "graph")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_staging_directory_that_cannot_be_written_fails_naming_the_path_and_the_system_reason()
    {
        var notADirectory = Path.Combine(_root, "file");
        await File.WriteAllTextAsync(notADirectory, "x");
        var store = new LocalDirectoryChunkStore(notADirectory);
        var error = await Assert.ThrowsAsync<StagingFailedException>(() => store.CreateDataAsync("m1", "t0001-s.t/c00000"));
        Assert.Contains($"the staging directory {notADirectory} failed writing {notADirectory}/m1/chunks/t0001-s.t/c00000.", error.Message);
        Assert.Contains("Could not find a part of the path", error.Message); // .NET's wording of ENOTDIR
        Assert.Contains("point staging.path elsewhere", error.Message);
        Assert.False(Orchestrator.Core.Workflow.TransientFailures.IsTransient(error));
    }

    [Fact]
    public async Task A_staged_file_that_cannot_be_opened_is_unreadable_data_named_by_its_path()
    {
        var store = new LocalDirectoryChunkStore(_root);
        var manifest = Manifest("chunks/t0001-s.t/c00000.gone.zst");
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.OpenDataAsync(manifest));
        Assert.Contains(Path.Combine(_root, "m1", "chunks", "t0001-s.t", "c00000.gone.zst"), error.Message);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("")]
    [InlineData("has space")]
    public async Task Migration_ids_cannot_escape_the_root(string id) =>
        await Assert.ThrowsAsync<SpecException>(() => new LocalDirectoryChunkStore(_root).ReadDocumentAsync(id, "plan.json"));
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Workflow;

namespace Orchestrator.Tests.Staging;

public sealed class StagedDocumentsTests : IDisposable
{
    readonly string _root = Directory.CreateTempSubdirectory("staged-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    static SourceCatalog Catalog() => new()
    {
        Dialect = "sqlserver", Database = "d", ServerVersion = "16",
        Tables =
        [
            new TableInfo
            {
                Name = new("dbo", "orders"),
                Columns = [new ColumnInfo { Name = "order_id", DataType = "bigint", Family = TypeFamily.Integer }],
                Source = new(new("dbo", "Orders"), [new SourceColumn("OrderId", "bigint", "order_id")]),
            },
        ],
    };

    static string WithVersion(object document, int? version)
    {
        var json = JsonSerializer.SerializeToNode(document, SpecLoader.JsonOptions)!.AsObject();
        json.Remove("version");
        if (version is { } v) json["version"] = v;
        return json.ToJsonString();
    }

    [Fact]
    public void A_current_catalog_reads_back_with_its_column_map()
    {
        var read = StagedDocuments.Catalog(JsonSerializer.Serialize(Catalog(), SpecLoader.JsonOptions), "/s/m1/catalog.json");
        var table = Assert.Single(read.Tables);
        Assert.Equal(3, read.Version);
        Assert.Equal(new TableName("dbo", "Orders"), table.SourceTableName);
        Assert.Equal(new SourceColumn("OrderId", "bigint", "order_id"), table.SourceOf(table.Columns[0]));
    }

    [Theory]
    [InlineData(2, "the catalog is version 2")]
    [InlineData(4, "the catalog is version 4")]
    [InlineData(null, "the catalog is without a version")]
    public void A_catalog_of_another_version_is_refused_naming_the_file_both_versions_and_what_to_do(int? version, string says)
    {
        var error = Assert.Throws<StagedVersionException>(
            () => StagedDocuments.Catalog(WithVersion(Catalog(), version), "/s/m1/catalog.json"));
        Assert.StartsWith("/s/m1/catalog.json: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        Assert.Contains("this release reads version 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("start a new migration id, or finish this one with the release that started it", error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_version_2_catalog_is_refused_before_its_old_fields_are_read()
    {
        // Version 2 kept source names on the tables and columns: reading it as version 3 would fail on those fields.
        var v2 = JsonNode.Parse(WithVersion(Catalog(), 2))!;
        v2["tables"]![0]!["sourceName"] = JsonNode.Parse("""{ "schema": "dbo", "name": "Orders" }""");
        var error = Assert.Throws<StagedVersionException>(() => StagedDocuments.Catalog(v2.ToJsonString(), "catalog.json"));
        Assert.Equal((2, 3), (error.Found, error.Expected));
    }

    [Fact]
    public void A_plan_of_another_version_is_refused_and_a_current_one_reads()
    {
        var plan = new MigrationPlan
        {
            MigrationId = "m1", SourcePosition = new SourcePosition("lsn", "0/1", DateTime.UnixEpoch), Tables = [],
        };
        Assert.Equal("m1", StagedDocuments.Plan(JsonSerializer.Serialize(plan, SpecLoader.JsonOptions), "plan.json").MigrationId);
        var error = Assert.Throws<StagedVersionException>(() => StagedDocuments.Plan(WithVersion(plan, 7), "/s/m1/plan.json"));
        Assert.Contains("/s/m1/plan.json: the plan is version 7, and this release reads version 1", error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staged_manifest_of_another_version_is_refused_by_the_store_naming_its_path()
    {
        var store = new LocalDirectoryChunkStore(_root);
        var (name, stream) = await store.CreateDataAsync("m1", "t0001-s.t/c00000");
        await using (stream)
        {
            await stream.WriteAsync(new byte[] { 1, 2, 3 });
            await stream.CommitAsync(default);
        }
        var manifest = new ChunkManifest
        {
            MigrationId = "m1", ChunkId = "t0001-s.t/c00000", Table = new TableName("s", "t"), Range = ChunkRange.All,
            Columns = [new ManifestColumn("a", "integer")], DataObject = name, Rows = 3, Digest = "00",
        };
        await store.SealAsync(manifest);
        Assert.NotNull(await store.TryGetManifestAsync("m1", "t0001-s.t/c00000"));

        var path = Path.Combine(_root, "m1", ChunkPaths.Manifest("t0001-s.t/c00000"));
        await File.WriteAllTextAsync(path, WithVersion(manifest, 0));
        var error = await Assert.ThrowsAsync<StagedVersionException>(() => store.TryGetManifestAsync("m1", "t0001-s.t/c00000"));
        Assert.Contains($"{path}: the chunk manifest is version 0, and this release reads version 1", error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_document_met_by_a_table_activity_is_told_as_it_is_without_the_advice_to_rerun()
    {
        var spec = new MigrationSpec { Source = new() { Dialect = "postgres", Connection = "S" }, Target = new() { Connection = "T" } };
        var table = new TablePlan
        {
            TableId = "t0001-s.t", Source = new("s", "t"), Target = new("s", "t"), Columns = ["a"],
            Read = new SourceRead(["a"], new Dictionary<string, string>()), Strategy = "single", Chunks = [],
        };
        var work = new TableWork("m1", spec, table);
        var refused = new StagedVersionException("/s/m1/chunks/t0001-s.t/c00000.manifest.json", "chunk manifest", 0, 1);

        Assert.Null(ActivityFailedException.Locate("ValidateTable", work, refused));
        var located = ActivityFailedException.Locate("ValidateTable", work, new InvalidOperationException("gone"));
        Assert.Contains("run again with the same migration id", located!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_is_not_json_is_refused_naming_it()
    {
        var error = Assert.Throws<InvalidDataException>(() => StagedDocuments.Plan("{ not json", "/s/m1/plan.json"));
        Assert.StartsWith("/s/m1/plan.json is not valid JSON", error.Message, StringComparison.Ordinal);
    }
}

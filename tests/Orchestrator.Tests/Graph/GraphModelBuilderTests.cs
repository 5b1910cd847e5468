using Orchestrator.Core.Catalog;
using Orchestrator.Core.Graph;
using Orchestrator.Core.Spec;

namespace Orchestrator.Tests.Graph;

public class GraphModelBuilderTests
{
    static ColumnInfo Column(string name, string type = "integer", TypeFamily family = TypeFamily.Integer) =>
        new() { Name = name, DataType = type, Family = family, Nullable = true };

    static TableInfo Table(string name, string[] columns, string[]? key = null, params ForeignKeyInfo[] fks) => new()
    {
        Name = new TableName("app", name),
        Columns = columns.Select(c => Column(c)).ToList(),
        PrimaryKey = key is null ? null : new KeyInfo($"{name}_pkey", key),
        ForeignKeys = fks,
    };

    static ForeignKeyInfo Fk(string name, string column, string table, string referenced = "id") =>
        new(name, [column], new TableName("app", table), [referenced]);

    static readonly SourceCatalog Catalog = new()
    {
        Dialect = "postgres", Database = "d", ServerVersion = "15",
        Tables =
        [
            Table("model", ["id", "name"], ["id"]),
            Table("dataset", ["id", "name"], ["id"]),
            // model_id here and in run both default to MODEL: each takes its start label in front.
            Table("experiment", ["id", "dataset_id", "baseline_model_id", "model_id"], ["id"],
                Fk("experiment_dataset_fk", "dataset_id", "dataset"), Fk("experiment_baseline_fk", "baseline_model_id", "model"),
                Fk("experiment_model_fk", "model_id", "model")),
            Table("run", ["id", "model_id"], ["id"], Fk("run_model_fk", "model_id", "model")),
            Table("model_dataset", ["model_id", "dataset_id", "weight"], ["model_id", "dataset_id"],
                Fk("md_dataset_fk", "dataset_id", "dataset"), Fk("md_model_fk", "model_id", "model")),
            Table("tag", ["id", "model_name"], ["id"], Fk("tag_model_name_fk", "model_name", "model", "name")),
        ],
    };

    static GraphSpec Spec(params string[] nodes) => new() { Nodes = nodes.Select(n => new GraphNodeSpec { Table = n }).ToList() };

    [Fact]
    public void Foreign_keys_between_node_tables_and_junctions_become_edge_types_with_default_names()
    {
        var model = GraphModelBuilder.Build(Catalog, Spec("app.model", "app.dataset", "app.experiment", "app.run", "app.tag"));
        Assert.Equal(["Model", "Dataset", "Experiment", "Run", "Tag"], model.Nodes.Select(n => n.Label));
        Assert.Equal(["Experiment-BASELINE_MODEL->Model", "Experiment-DATASET->Dataset", "Experiment-EXPERIMENT_MODEL->Model",
                "Model-MODEL_DATASET->Dataset",
                "Run-RUN_MODEL->Model"],
            model.Edges.Select(e => $"{e.Start.Label}-{e.Type}->{e.End.Label}").Order(StringComparer.Ordinal));
        Assert.Equal(["weight"], model.Edges.Single(e => e.Source == "junction").Properties.Select(p => p.Name));
        // A foreign key that references another key than the node's is no edge, and the report says why.
        Assert.Equal(["app.tag foreign key tag_model_name_fk: it references (name), not the key of Model (id)"], model.Skipped);
        // Columns an edge stands for are not node properties.
        Assert.Equal(["id"], model.Nodes.Single(n => n.Label == "Experiment").Properties.Select(p => p.Name));
        Assert.Equal(["id", "model_name"], model.Nodes.Single(n => n.Label == "Tag").Properties.Select(p => p.Name));
    }

    [Fact]
    public void Listed_edges_set_their_type_and_direction_and_inference_can_be_turned_off()
    {
        var spec = Spec("app.model", "app.run") with
        {
            InferEdges = false,
            Edges = [new GraphEdgeSpec { Table = "app.run", Type = "TRAINED", Reverse = true }],
        };
        var edge = Assert.Single(GraphModelBuilder.Build(Catalog, spec).Edges);
        Assert.Equal("Model-TRAINED->Run", $"{edge.Start.Label}-{edge.Type}->{edge.End.Label}");
        Assert.Equal(["model_id"], edge.StartColumns.Select(c => c.Name));
        Assert.Equal(["id"], edge.EndColumns.Select(c => c.Name));
    }

    [Fact]
    public void A_node_takes_the_key_and_properties_the_spec_chooses_and_a_junction_its_listed_properties()
    {
        var chosen = new GraphSpec
        {
            Nodes = [new() { Table = "app.model", Key = ["name"], Properties = ["id"] }, new() { Table = "app.dataset", Properties = [] }],
        };
        var model = GraphModelBuilder.Build(Catalog, chosen);
        var node = model.Nodes.Single(n => n.Label == "Model");
        Assert.Equal(["name"], node.Key.Select(c => c.Name));
        Assert.Equal(["id"], node.Properties.Select(c => c.Name));
        Assert.Empty(model.Nodes.Single(n => n.Label == "Dataset").Properties);
        // The junction references model (id), which is not Model's key here: no edge, and the report says why.
        Assert.Empty(model.Edges);
        Assert.Equal(["app.model_dataset junction: it references (id), not the key of Model (name)"], model.Skipped);
        // Listed, the same junction is a spec error.
        var listed = chosen with { Edges = [new() { Table = "app.model_dataset" }] };
        Assert.Contains("graph.edges[0].table: it references (id), not the key of Model (name)",
            Assert.Throws<SpecException>(() => GraphModelBuilder.Build(Catalog, listed)).Problems);

        var usual = GraphModelBuilder.Build(Catalog, new GraphSpec
        {
            Nodes = [new() { Table = "app.model" }, new() { Table = "app.dataset" }],
            Edges = [new() { Table = "app.model_dataset", Type = "USES", Properties = [] }],
        });
        var uses = Assert.Single(usual.Edges);
        Assert.Equal("Model-USES->Dataset", $"{uses.Start.Label}-{uses.Type}->{uses.End.Label}");
        Assert.Empty(uses.Properties);
    }

    [Fact]
    public void Problems_name_their_spec_path()
    {
        var spec = new GraphSpec
        {
            Schema = "app",
            Nodes = [new() { Table = "app.model" }, new() { Table = "app.nope" }, new() { Table = "app.dataset", Label = "Model" },
                new() { Table = "app.experiment", Key = ["nokey"] }],
            Edges =
            [
                new() { Table = "app.experiment" }, new() { Table = "app.model_dataset", ForeignKey = "md_model_fk" },
                new() { Table = "app.run", Type = "has space" },
            ],
        };
        var problems = Assert.Throws<SpecException>(() => GraphModelBuilder.Build(
            Catalog with { Tables = [.. Catalog.Tables, Table("nodes", ["id"], ["id"])] }, spec)).Problems;
        Assert.Contains("graph.schema: app.nodes is a migrated table; the graph views need another schema", problems);
        Assert.Contains("graph.nodes[1].table: app.nope is not among the migrated tables", problems);
        Assert.Contains("graph.nodes[2].label: Model is already the label of another table; set another", problems);
        Assert.Contains("graph.nodes[3].key: app.experiment has no column nokey", problems);
        Assert.Contains(
            "graph.edges[0].table: app.experiment is neither a node table nor a junction table " +
            "(exactly two foreign keys, both to node tables)",
            problems);
        Assert.Contains(
            "graph.edges[1].foreignKey: app.model_dataset is not a node table, so it is read as a junction table; leave foreignKey out",
            problems);
        Assert.Contains("graph.edges[2].type: 'has space' is not a valid relationship type (letters, digits and _)", problems);
    }

    [Theory]
    [InlineData("patient_visit", "PatientVisit", "PATIENT_VISIT")]
    [InlineData("trainingRuns", "TrainingRuns", "TRAINING_RUNS")]
    [InlineData("model registry", "ModelRegistry", "MODEL_REGISTRY")]
    public void Labels_and_types_come_from_names(string name, string label, string type)
    {
        Assert.Equal(label, GraphNames.Label(name));
        Assert.Equal(type, GraphNames.Type(name));
    }

    [Theory]
    [InlineData("patient_id", "PATIENT")]
    [InlineData("modelId", "MODEL")]
    [InlineData("owner", "OWNER")]
    [InlineData("id", null)]
    public void A_foreign_key_column_names_its_edge_without_the_id(string column, string? type) =>
        Assert.Equal(type, GraphNames.Stem(column));
}

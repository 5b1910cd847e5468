using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// `migrator assess --scan` on a real PostgreSQL with one table per AI/ML shape, objects that are not data, and a hostile name.
/// </summary>
public class AssessmentFindingsTests
{
    const string Hostile = "x\"; DROP TABLE y; --<script>alert(1)</script>";

    static async Task<(JsonElement Root, string OutDir, JsonDocument Doc)> AssessAsync(Scenario scenario, params string[] extra)
    {
        var migrations = scenario.Migrations;
        migrations.Connections.Remove("Modern");
        var outDir = Path.Combine(migrations.StagingRoot, "assessment");
        var run = await migrations.RunCliAsync(
            ["assess", "--spec", migrations.WriteSpec(migrations.SpecJson()), "--out", outDir, .. extra]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "assessment.json")));
        return (doc.RootElement, outDir, doc);
    }

    static JsonElement Rule(JsonElement root, string kind, string table, string column) =>
        root.GetProperty("suggestions").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == kind
            && s.GetProperty("table").GetString() == table && s.GetProperty("column").GetString() == column).GetProperty("rule");

    static void AssertRule(string expected, JsonElement actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual.GetRawText())),
            $"expected {expected}, got {actual.GetRawText()}");

    [Fact]
    public async Task Scan_finds_every_ai_ml_shape_as_a_spec_rule()
    {
        await using var scenario = await Scenario.CreateAsync("assess_ml", Scenario.Fixture("ml_assessment.sql"));
        var (root, _, doc) = await AssessAsync(scenario, "--scan");
        using var _doc = doc;

        Assert.True(root.GetProperty("scanned").GetBoolean());
        AssertRule("""
            { "table": "ml.items", "column": "embedding",
              "vector": { "from": "float32le", "dimensions": 8, "index": "hnsw", "distance": "cosine" } }
            """, Rule(root, "vector", "ml.items", "embedding"));
        AssertRule("""
            { "table": "ml.features", "column": "vec",
              "vector": { "from": "array", "dimensions": 12, "index": "hnsw", "distance": "cosine" } }
            """, Rule(root, "vector", "ml.features", "vec"));
        AssertRule("""
            { "table": "ml.json_vectors", "column": "v",
              "vector": { "from": "json", "dimensions": 10, "index": "hnsw", "distance": "cosine" } }
            """, Rule(root, "vector", "ml.json_vectors", "v"));
        AssertRule("""{ "table": "ml.models", "column": "weights", "artifact": { "mode": "external" } }""",
            Rule(root, "artifact", "ml.models", "weights"));
        AssertRule("""{ "table": "ml.metrics", "column": "at", "timeSeries": { "interval": "month", "engine": "timescaledb" } }""",
            Rule(root, "timeSeries", "ml.metrics", "at"));
        AssertRule("""{ "table": "ml.docs", "column": "body", "document": { "as": "jsonb", "invalid": "reject" } }""",
            Rule(root, "document", "ml.docs", "body"));
        AssertRule("""{ "table": "ml.docs", "column": "markup", "document": { "as": "xml", "invalid": "reject" } }""",
            Rule(root, "document", "ml.docs", "markup"));
        AssertRule("""{ "table": "ml.people", "column": "email", "pii": { "transform": "hash" } }""",
            Rule(root, "pii", "ml.people", "email"));
        Rule(root, "pii", "ml.people", "name");
        Rule(root, "pii", "ml.people", "phone");
        var suggestions = root.GetProperty("suggestions").EnumerateArray().ToList();
        Assert.DoesNotContain(suggestions, s => s.GetProperty("column").GetString() == "model_name");
        Assert.DoesNotContain(suggestions,
            s => s.GetProperty("table").GetString() == "ml.items" && s.GetProperty("column").GetString() == "title");
        Assert.DoesNotContain(suggestions,
            s => s.GetProperty("kind").GetString() == "timeSeries" && s.GetProperty("table").GetString() != "ml.metrics");

        // LOB sizes are exact after a scan: three values of exactly 2 MiB.
        var tables = root.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("table").GetString()!);
        var weights = tables["ml.models"].GetProperty("lobColumns").EnumerateArray()
            .Single(l => l.GetProperty("column").GetString() == "weights");
        Assert.Equal(2 << 20, weights.GetProperty("maxBytes").GetInt64());
        Assert.Equal(2 << 20, weights.GetProperty("avgBytes").GetDouble());
        Assert.Equal("scan", weights.GetProperty("basis").GetString());
        Assert.Contains($"ml.{Hostile}", tables.Keys);
        Assert.Contains(tables["ml.amounts"].GetProperty("columns").EnumerateArray(),
            c => c.GetProperty("name").GetString() == "qty"
                && c.GetProperty("sourceType").GetString() == "numeric"
                && c.GetProperty("targetType").GetString() == "numeric");

        // numeric without precision: only the integer column is proven narrowable.
        var findings = root.GetProperty("typeFindings").EnumerateArray().ToList();
        var qty = Assert.Single(findings,
            f => f.GetProperty("table").GetString() == "ml.amounts" && f.GetProperty("column").GetString() == "qty");
        Assert.Equal("narrowable", qty.GetProperty("severity").GetString());
        Assert.Equal("bigint", qty.GetProperty("fallback").GetString());
        Assert.DoesNotContain(findings, f => f.GetProperty("column").GetString() == "price");

        var objects = root.GetProperty("objects").EnumerateArray()
            .ToDictionary(o => o.GetProperty("kind").GetString() + " " + o.GetProperty("name").GetString());
        Assert.Equal("simple", objects["view item_titles"].GetProperty("effort").GetString());
        Assert.Equal("simple", objects["function add_one(n integer)"].GetProperty("effort").GetString());
        Assert.Equal("medium", objects["function touch()"].GetProperty("effort").GetString());
        Assert.Equal("medium", objects["trigger docs_touch"].GetProperty("effort").GetString());
        Assert.Equal("ml.docs", objects["trigger docs_touch"].GetProperty("table").GetString());
        Assert.Equal("significant", objects["function count_rows(tbl text)"].GetProperty("effort").GetString());
        Assert.Contains("dynamic SQL",
            objects["function count_rows(tbl text)"].GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("significant", objects["function first_titles()"].GetProperty("effort").GetString());
        Assert.Contains("cursor", objects["function first_titles()"].GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("simple", objects["sequence ticket_seq"].GetProperty("effort").GetString());
        Assert.Equal("ml.metrics", objects["sequence metrics_id_seq"].GetProperty("table").GetString());
        Assert.All(objects.Values, o => Assert.False(string.IsNullOrWhiteSpace(o.GetProperty("hint").GetString())));

        // The test server does not preload pg_stat_statements: the assessment says so instead of failing.
        var queries = root.GetProperty("heavyQueries");
        Assert.False(queries.GetProperty("available").GetBoolean());
        Assert.Contains("pg_stat_statements", queries.GetProperty("reason").GetString());

        var estimate = root.GetProperty("estimate");
        Assert.Equal(88_513, estimate.GetProperty("rowsPerSecond").GetDouble());
        Assert.Contains("2-core", estimate.GetProperty("basis").GetString());
        Assert.Contains(estimate.GetProperty("tables").EnumerateArray(),
            t => t.GetProperty("table").GetString() == "ml.metrics" && t.GetProperty("seconds").GetDouble() > 0);

        var schema = Assert.Single(root.GetProperty("schemas").EnumerateArray());
        Assert.Equal("ml", schema.GetProperty("schema").GetString());
        Assert.Equal(12, schema.GetProperty("tables").GetInt32());

        // A partitioned table: partitions counted, rows summed, each suggestion made once on the parent.
        var events = tables["ml.events"];
        Assert.Equal(2, events.GetProperty("partitions").GetInt32());
        Assert.StartsWith("RANGE", events.GetProperty("partitionKey").GetString());
        Assert.Equal(400, events.GetProperty("estimatedRows").GetInt64());
        Assert.Equal("ml.events",
            Assert.Single(suggestions, s => s.GetProperty("column").GetString() == "user_email").GetProperty("table").GetString());
    }

    [Fact]
    public async Task Heavy_queries_are_read_from_pg_stat_statements_when_it_can_be_read()
    {
        await using var scenario = await Scenario.CreateAsync("assess_pgss", Scenario.Fixture("ml_assessment.sql"));
        // CREATE EXTENSION works without shared_preload_libraries; reading the view then fails, which must be reported.
        await scenario.Source.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        var (root, _, doc) = await AssessAsync(scenario);
        using var _doc = doc;
        var queries = root.GetProperty("heavyQueries");
        var preloaded = await scenario.Source.ScalarAsync<string>("SELECT current_setting('shared_preload_libraries')");
        if (preloaded.Contains("pg_stat_statements", StringComparison.Ordinal))
            Assert.True(queries.GetProperty("available").GetBoolean(), queries.GetRawText());
        else
        {
            Assert.False(queries.GetProperty("available").GetBoolean());
            Assert.Contains("installed but cannot be read", queries.GetProperty("reason").GetString());
        }
        Assert.False(root.GetProperty("scanned").GetBoolean());
        var weights = root.GetProperty("tables").EnumerateArray().Single(t => t.GetProperty("table").GetString() == "ml.models")
            .GetProperty("lobColumns").EnumerateArray().Single(l => l.GetProperty("column").GetString() == "weights");
        Assert.StartsWith("estimate", weights.GetProperty("basis").GetString());
    }
}

using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// After a vector rule's index is built, the run measures it on the migrated vectors: recall@10 against exact search,
/// latency both ways, and the ef_search or probes that reach the rule's recall target.
/// </summary>
public class VectorSearchTests
{
    // 6,000 vectors of 32 dimensions spread evenly: one IVFFlat probe of six lists misses many neighbours.
    const string Source = """
        CREATE SCHEMA vs;
        CREATE TABLE vs.items (id int PRIMARY KEY, hnsw_vec real[], ivf_vec real[], unmeasured real[]);
        INSERT INTO vs.items
        SELECT i, v, v, v FROM (
            SELECT i, array_agg((sin(i * 0.37 + d * 2.3) + sin(i * 1.13 * d) * 0.5)::real ORDER BY d) AS v
            FROM generate_series(1, 6000) AS i, generate_series(1, 32) AS d GROUP BY i) AS g;
        UPDATE vs.items SET hnsw_vec = NULL, ivf_vec = NULL WHERE id % 97 = 0;
        ANALYZE;
        """;

    [Fact]
    public async Task Each_vector_index_gets_its_recall_latency_and_the_setting_that_reaches_the_target()
    {
        await using var scenario = await Scenario.CreateAsync("vsearch", Source);
        var migrations = scenario.Migrations;
        var spec = migrations.SpecJson().TrimEnd().TrimEnd('}') + """
            , "rules": [
              { "table": "vs.items", "column": "hnsw_vec",
                "vector": { "from": "array", "dimensions": 32, "index": "hnsw", "distance": "cosine", "recallQueries": 60 } },
              { "table": "vs.items", "column": "ivf_vec",
                "vector": { "from": "array", "dimensions": 32, "index": "ivfflat", "distance": "l2",
                            "recallTarget": 0.99, "recallQueries": 60 } },
              { "table": "vs.items", "column": "unmeasured", "vector": { "from": "array", "dimensions": 32, "recallQueries": 0 } }
            ] }
            """;
        // Through the CLI, whose socket continuations run inline on the epoll thread: nothing on the way may block it.
        var run = await migrations.RunCliAsync("migrate", "--spec", migrations.WriteSpec(spec), "--id", "vsearch");
        var json = File.ReadAllText(Path.Combine(migrations.StagingRoot, "vsearch", "report.json"));
        Assert.True(run.ExitCode == 0, run + json);

        using var report = JsonDocument.Parse(json);
        var search = report.RootElement.GetProperty("tables")[0].GetProperty("vectorSearch").EnumerateArray()
            .ToDictionary(s => s.GetProperty("column").GetString()!);
        Assert.Equal(["hnsw_vec", "ivf_vec"], search.Keys.Order());

        var hnsw = search["hnsw_vec"];
        Assert.Equal("hnsw.ef_search", hnsw.GetProperty("parameter").GetString());
        Assert.Equal(60, hnsw.GetProperty("queries").GetInt32());
        Assert.Equal(10, hnsw.GetProperty("k").GetInt32());
        Assert.True(hnsw.GetProperty("exactMsP50").GetDouble() > 0);
        var hnswSettings = hnsw.GetProperty("settings").EnumerateArray().ToList();
        Assert.Equal(40, hnswSettings[0].GetProperty("value").GetInt32()); // pgvector's default first
        var suggested = hnsw.GetProperty("suggested").GetInt32();
        Assert.True(hnswSettings.Single(s => s.GetProperty("value").GetInt32() == suggested).GetProperty("recall").GetDouble() >= 0.95);
        Assert.All(hnswSettings.SkipLast(1), s => Assert.True(s.GetProperty("recall").GetDouble() < 0.95)); // tried until reached

        // IVFFlat with lists = 6 (rows / 1000): one probe of six lists misses neighbours; all six search exactly.
        var ivf = search["ivf_vec"];
        Assert.Equal("ivfflat.probes", ivf.GetProperty("parameter").GetString());
        var probes = ivf.GetProperty("settings").EnumerateArray().ToList();
        Assert.Equal(1, probes[0].GetProperty("value").GetInt32());
        Assert.True(probes[0].GetProperty("recall").GetDouble() < 0.9, json);
        Assert.True(ivf.GetProperty("suggested").GetInt32() is > 1 and <= 6, json);
        Assert.True(probes[^1].GetProperty("recall").GetDouble() >= 0.99);

        var markdown = File.ReadAllText(Path.Combine(migrations.StagingRoot, "vsearch", "report.md"));
        Assert.Contains($"vs.items: hnsw_vec (hnsw, cosine): recall@10 ", markdown);
        Assert.Contains($"SET hnsw.ef_search = {suggested}", markdown);
        Assert.Contains($"SET ivfflat.probes = {ivf.GetProperty("suggested").GetInt32()}", markdown);
    }
}

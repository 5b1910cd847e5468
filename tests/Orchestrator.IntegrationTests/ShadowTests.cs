using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>`migrator shadow` against two real databases: the same data, one query deliberately answering differently.</summary>
public class ShadowTests
{
    const string Data = """
        CREATE SCHEMA app;
        CREATE TABLE app.scores (id int PRIMARY KEY, player text NOT NULL, score numeric(10,3) NOT NULL, played date NOT NULL);
        INSERT INTO app.scores SELECT g, 'player ' || (g % 50), (g % 997) * 1.237, date '2024-01-01' + g % 300
        FROM generate_series(1, 20000) g;
        ANALYZE;
        """;

    const string Queries = """
        { "queries": [
          { "name": "top-scores", "ordered": true,
            "legacy": "SELECT id, player, score FROM app.scores ORDER BY score DESC, id LIMIT 20",
            "modern": "SELECT id, player, score FROM app.scores ORDER BY score DESC, id LIMIT 20" },
          { "name": "players", "legacy": "SELECT player, count(*) FROM app.scores GROUP BY player",
            "modern": "SELECT player, count(*)::int FROM app.scores GROUP BY player ORDER BY 1 DESC" },
          { "name": "by-day", "parameters": [ { "day": "2024-02-01", "min": 100 }, { "day": "2024-06-30", "min": 0 } ],
            "legacy": "SELECT id, score FROM app.scores WHERE played = @day::date AND score >= @min",
            "modern": "SELECT id, score FROM app.scores WHERE played = @day::date AND score >= @min" },
          { "name": "average-rounded",
            "legacy": "SELECT player, round(avg(score), 2) FROM app.scores GROUP BY player",
            "modern": "SELECT player, round(avg(score), 1) FROM app.scores GROUP BY player" },
          { "name": "broken-port", "legacy": "SELECT 1", "modern": "SELECT FROM WHERE" }
        ] }
        """;

    [Fact]
    public async Task Shadow_reads_report_the_different_queries_and_time_both_sides()
    {
        await using var scenario = await Scenario.CreateAsync("shadow", Data);
        await scenario.Target.ExecuteAsync(Data);
        var migrations = scenario.Migrations;
        var outDir = Path.Combine(migrations.StagingRoot, "shadow");
        var queries = Path.Combine(migrations.StagingRoot, "queries.json");
        await File.WriteAllTextAsync(queries, Queries);

        var run = await migrations.RunCliAsync(
            "shadow", "--spec", migrations.WriteSpec(migrations.SpecJson()), "--queries", queries, "--runs", "7", "--out", outDir);

        Assert.True(run.ExitCode == 1, run.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "shadow.json")));
        var byName = report.RootElement.GetProperty("queries").EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!);
        Assert.Equal(["average-rounded False", "broken-port False", "by-day True", "players True", "top-scores True"],
            byName.Select(q => $"{q.Key} {q.Value.GetProperty("identical").GetBoolean()}").Order());
        Assert.Equal((20L, 20L), (
            byName["top-scores"].GetProperty("legacy").GetProperty("rows").GetInt64(),
            byName["top-scores"].GetProperty("modern").GetProperty("rows").GetInt64()));
        Assert.Equal(2, byName["by-day"].GetProperty("parameterSets").GetInt32());
        Assert.True(byName["by-day"].GetProperty("legacy").GetProperty("rows").GetInt64() > 0);
        Assert.Equal(7, byName["players"].GetProperty("modern").GetProperty("latency").GetProperty("runs").GetInt32());
        Assert.True(byName["players"].GetProperty("legacy").GetProperty("latency").GetProperty("p95").GetDouble() > 0);
        Assert.Contains("appear on one side only", byName["average-rounded"].GetProperty("problem").GetString());
        Assert.Contains(byName["average-rounded"].GetProperty("differences").EnumerateArray(),
            d => d.GetProperty("legacy").ValueKind == JsonValueKind.String);
        Assert.StartsWith("the modern side failed:", byName["broken-port"].GetProperty("problem").GetString());
        var confidence = report.RootElement.GetProperty("confidence");
        Assert.Equal((5, 3), (confidence.GetProperty("queries").GetInt32(), confidence.GetProperty("identical").GetInt32()));
        Assert.StartsWith($"{confidence.GetProperty("confident").GetInt32()} of 5 key queries",
            confidence.GetProperty("summary").GetString());

        var html = File.ReadAllText(Path.Combine(outDir, "shadow.html"));
        Assert.Contains("<svg id=\"latency-chart\"", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("average-rounded", File.ReadAllText(Path.Combine(outDir, "shadow.md")));
        Assert.DoesNotContain(TestServers.Password, run.All);
    }
}

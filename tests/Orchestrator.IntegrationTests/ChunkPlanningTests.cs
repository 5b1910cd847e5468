using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>Each chunking strategy on a real server, and proof that its ranges together cover every row exactly once.</summary>
public class ChunkPlanningTests
{
    const string Source = """
        CREATE TABLE skewed (id bigint PRIMARY KEY, v text);
        INSERT INTO skewed SELECT g, 'dense' FROM generate_series(1, 9000) g;
        INSERT INTO skewed SELECT 1000000000 + g * 1000000, 'sparse' FROM generate_series(1, 1000) g;
        CREATE TABLE by_text (code text PRIMARY KEY, n int);
        INSERT INTO by_text SELECT md5(g::text), g FROM generate_series(1, 5000) g;
        CREATE TABLE by_pair (a int, b text, PRIMARY KEY (a, b));
        INSERT INTO by_pair SELECT g % 10, md5(g::text) FROM generate_series(1, 5000) g;
        CREATE TABLE heap (v text);
        INSERT INTO heap SELECT 'same row' FROM generate_series(1, 6000);
        CREATE TABLE readings (id bigint, taken date, value float8, PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken);
        CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE readings_2025 PARTITION OF readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        INSERT INTO readings SELECT g, date '2024-01-01' + (g % 700), g * 0.5 FROM generate_series(1, 6000) g;
        ANALYZE;
        """;

    [Fact]
    public async Task Every_strategy_plans_several_chunks_and_the_migration_is_exact()
    {
        await using var scenario = await Scenario.CreateAsync("plan", Source);
        var migrations = scenario.Migrations;
        var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 1000));

        var plan = await migrations.RunCliAsync("plan", "--spec", spec);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Matches(@"public\.skewed: ~10,000 rows, (9|10|11) chunk\(s\) by integer-key", plan.Stdout);
        Assert.Matches(@"public\.by_text: ~5,000 rows, [3-6] chunk\(s\) by sampled-key", plan.Stdout);
        Assert.Matches(@"public\.by_pair: ~5,000 rows, [3-6] chunk\(s\) by sampled-key", plan.Stdout);
        Assert.Matches(@"public\.heap: ~6,000 rows, [2-6] chunk\(s\) by ctid", plan.Stdout);
        // Partitions are chunked by the key of their partitioned table.
        Assert.Matches(@"public\.readings_2024: ~\d[\d,]* rows, [2-6] chunk\(s\) by sampled-key", plan.Stdout);

        var run = await migrations.RunCliAsync("migrate", "--spec", spec, "--id", "plans");
        Assert.True(run.ExitCode == 0, run.ToString());
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
        await DatabaseAssert.SameStructureAsync(scenario.Source, scenario.Target);
    }

    [Fact]
    public async Task Wide_rows_are_chunked_by_bytes_and_copied_exactly()
    {
        // 40 rows of ~200 KB (8 MB, stored uncompressed) with a 1 MiB cap: about 5 rows a chunk, whatever rowsPerChunk says.
        await using var scenario = await Scenario.CreateAsync("wide", """
            CREATE TABLE wide (id int PRIMARY KEY, body bytea);
            ALTER TABLE wide ALTER body SET STORAGE EXTERNAL;
            INSERT INTO wide SELECT g, decode(repeat(md5(g::text), 6400), 'hex') || decode(repeat(md5((g + 1)::text), 6400), 'hex')
            FROM generate_series(1, 40) g;
            ANALYZE;
            """);
        var migrations = scenario.Migrations;
        var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 250_000)
            .Replace("\"maxParallel\"", "\"bytesPerChunk\": 1048576, \"maxParallel\""));

        var plan = await migrations.RunCliAsync("plan", "--spec", spec);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        var chunks = System.Text.RegularExpressions.Regex.Match(plan.Stdout, @"public\.wide: ~40 rows, (\d+) chunk\(s\)");
        Assert.True(chunks.Success, plan.Stdout);
        Assert.InRange(int.Parse(chunks.Groups[1].Value), 5, 12);
        var run = await migrations.RunCliAsync("migrate", "--spec", spec, "--id", "wide");
        Assert.True(run.ExitCode == 0, run.ToString());
        await DatabaseAssert.SameRowsAsync(scenario.Source, scenario.Target);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// On a real server: tables whose key does not follow the rows' physical order (random uuids, shuffled integers) are
/// read by one sequential read split into their key-range chunks on the way; a table whose key does keeps key-range
/// reads. The migration is exact, and a run killed after a read and resumed reads only what was not staged.
/// </summary>
public class OnePassReadTests
{
    const string Source = """
        CREATE TABLE by_uuid (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL, note text);
        INSERT INTO by_uuid (n, note) SELECT g, CASE WHEN g % 7 = 0 THEN NULL ELSE md5(g::text) END FROM generate_series(1, 6000) g;
        CREATE TABLE shuffled (id int PRIMARY KEY, v text);
        INSERT INTO shuffled SELECT (g * 7919) % 10007 - 5000, repeat('x', g % 50) FROM generate_series(1, 6000) g;
        CREATE TABLE ordered (id bigint PRIMARY KEY, v text);
        INSERT INTO ordered SELECT g, 'v' FROM generate_series(1, 6000) g;
        CREATE TABLE wide (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), body bytea);
        ALTER TABLE wide ALTER body SET STORAGE EXTERNAL;
        INSERT INTO wide (body) SELECT decode(repeat(md5(g::text), 6400), 'hex') FROM generate_series(1, 40) g;
        ANALYZE;
        """;

    [Fact]
    public async Task Tables_whose_key_does_not_follow_their_pages_are_read_in_one_pass_and_copied_exactly()
    {
        await using var scenario = await Scenario.CreateAsync("onepass", Source);
        var migrations = scenario.Migrations;
        // Chunks of at most 1 MiB, so the wide table has several.
        var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 1000)
            .Replace("\"maxParallel\"", "\"bytesPerChunk\": 1048576, \"maxParallel\""));

        var plan = await migrations.RunCliAsync("plan", "--spec", spec);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Matches(@"public\.by_uuid: ~6,000 rows, [3-9] chunk\(s\) by sampled-key, read in one pass", plan.Stdout);
        Assert.Matches(@"public\.shuffled: ~6,000 rows, [3-9] chunk\(s\) by integer-key, read in one pass", plan.Stdout);
        Assert.Matches(@"public\.ordered: ~6,000 rows, [3-9] chunk\(s\) by integer-key\r?\n", plan.Stdout);
        // 100 KB rows, chunked by bytes: held whole by a one-pass read, so read by key ranges.
        Assert.Matches(@"public\.wide: ~40 rows, [2-9] chunk\(s\) by sampled-key\r?\n", plan.Stdout);

        var off = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 1000)
            .Replace("\"maxParallel\"", "\"onePass\": false, \"maxParallel\""));
        var keyRanges = await migrations.RunCliAsync("plan", "--spec", off);
        Assert.True(keyRanges.ExitCode == 0, keyRanges.ToString());
        Assert.Matches(@"public\.by_uuid: ~6,000 rows, [3-9] chunk\(s\) by sampled-key\r?\n", keyRanges.Stdout);
        Assert.DoesNotContain("read in one pass", keyRanges.Stdout);

        var run = await migrations.RunCliAsync("migrate", "--spec", spec, "--id", "onepass");
        Assert.True(run.ExitCode == 0, run.ToString());
        await DatabaseAssert.SameRowsLoadedOnceAsync(scenario.Source, scenario.Target);
        await DatabaseAssert.SameStructureAsync(scenario.Source, scenario.Target);
        // Each chunk of a one-pass table was staged by the one read, with the rows of its own range only (validation
        // compares each chunk's digest, so a row in the wrong chunk would have failed the run).
        var queries = Manifests(migrations, "onepass").ToLookup(m => m.Table, m => m.Query);
        Assert.All(queries["by_uuid"], q => Assert.Contains("one read of", q));
        Assert.All(queries["shuffled"], q => Assert.Contains("one read of", q));
        Assert.All(queries["ordered"], q => Assert.DoesNotContain("one read of", q));
        Assert.All(queries["wide"], q => Assert.DoesNotContain("one read of", q));
    }

    [Fact]
    public async Task Killed_after_the_first_read_of_a_table_the_resumed_run_reads_only_the_chunks_not_staged()
    {
        // 40 chunks: two reads, of 32 chunks and then 8.
        await using var scenario = await Scenario.CreateAsync("onepass_kill", """
            CREATE TABLE by_uuid (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL, note text);
            INSERT INTO by_uuid (n, note) SELECT g, md5(g::text) FROM generate_series(1, 80000) g;
            ANALYZE;
            """);
        var migrations = scenario.Migrations;
        var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 2000, maxParallel: 2));
        string[] args = ["migrate", "--spec", spec, "--id", "resumed"];

        using (var process = migrations.StartCli(args))
        {
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && Manifests(migrations, "resumed").Count < 32 && clock.Elapsed < TimeSpan.FromSeconds(90))
                await Task.Delay(10);
            Assert.False(process.HasExited, "the run ended before it could be killed after its first read");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var first = Manifests(migrations, "resumed");
        Assert.InRange(first.Count, 32, 39);

        var final = await migrations.RunCliAsync(args);
        Assert.True(final.ExitCode == 0, final.ToString());
        await DatabaseAssert.SameRowsLoadedOnceAsync(scenario.Source, scenario.Target);
        var all = Manifests(migrations, "resumed");
        Assert.Equal(40, all.Count);
        // What the first run sealed was kept as it was; the rest came from the second run's read of its 8 chunks.
        Assert.All(first, m => Assert.Equal(m.ExtractedAtUtc, all.Single(a => a.ChunkId == m.ChunkId).ExtractedAtUtc));
        Assert.All(all.Where(a => !first.Any(f => f.ChunkId == a.ChunkId)), m => Assert.Contains("one read of 8 chunks", m.Query));
        Assert.Equal(80_000, all.Sum(m => m.Rows));
    }

    [Fact]
    public async Task Through_blob_staging_a_table_is_read_eight_chunks_at_a_time_and_copied_exactly()
    {
        var blob = TestServers.RequireBlob();
        await using var scenario = await Scenario.CreateAsync("onepass_blob", """
            CREATE TABLE by_uuid (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL, note text);
            INSERT INTO by_uuid (n, note) SELECT g, md5(g::text) FROM generate_series(1, 20000) g;
            ANALYZE;
            """);
        var migrations = scenario.Migrations;
        var id = $"onepass-{Guid.NewGuid():N}"[..20];
        var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 1000, staging: Migrations.BlobStaging("onepass")));

        var run = await migrations.RunCliAsync("migrate", "--spec", spec, "--id", id);

        Assert.True(run.ExitCode == 0, run.ToString());
        await DatabaseAssert.SameRowsLoadedOnceAsync(scenario.Source, scenario.Target);
        var container = new Azure.Storage.Blobs.BlobServiceClient(blob).GetBlobContainerClient("onepass");
        var queries = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"{id}/chunks/" }))
            if (item.Name.EndsWith(".manifest.json", StringComparison.Ordinal))
            {
                var content = await container.GetBlobClient(item.Name).DownloadContentAsync();
                using var json = JsonDocument.Parse(content.Value.Content.ToString());
                queries.Add(json.RootElement.GetProperty("query").GetString()!);
            }
        Assert.InRange(queries.Count, 17, 23);
        Assert.Equal(16, queries.Count(q => q.Contains("(one read of 8 chunks)", StringComparison.Ordinal)));
        Assert.All(queries, q => Assert.Contains("one read of", q));
    }

    sealed record Manifest(string ChunkId, string Table, string Query, long Rows, string ExtractedAtUtc);

    static List<Manifest> Manifests(Migrations migrations, string id)
    {
        var chunks = Path.Combine(migrations.StagingRoot, id, "chunks");
        if (!Directory.Exists(chunks)) return [];
        var list = new List<Manifest>();
        foreach (var file in Directory.EnumerateFiles(chunks, "*.manifest.json", SearchOption.AllDirectories))
        {
            try
            {
                using var json = JsonDocument.Parse(File.ReadAllText(file));
                var root = json.RootElement;
                list.Add(new Manifest(root.GetProperty("chunkId").GetString()!,
                    root.GetProperty("table").GetProperty("name").GetString()!,
                    root.GetProperty("query").GetString()!, root.GetProperty("rows").GetInt64(),
                    root.GetProperty("extractedAtUtc").GetString()!));
            }
            catch (Exception e) when (e is JsonException or IOException) { } // being written
        }
        return list;
    }
}

using System.Text.Json;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>The ledger makes loading exactly-once; the digest keeps a damaged chunk out of the target.</summary>
public class LoadExactlyOnceTests
{
    [Fact]
    public async Task Corrupted_and_truncated_chunks_are_detected_re_extracted_and_never_loaded()
    {
        await using var scenario = await Scenario.CreateAsync("corrupt", SampleSources.Orders);
        var (source, migrations) = (scenario.Source, scenario.Migrations);
        var spec = migrations.SpecJson(rowsPerChunk: 30_000);
        Assert.True((await migrations.RunAsync(spec, "first")).Passed);

        // A second migration id loads into a fresh target; damage two of its staged chunks between extract and load
        // by sealing them early: the manifest stays, the data is flipped or cut.
        await using var target2 = await TestDatabase.CreateAsync("corrupt_dst2");
        migrations.Connections["Modern"] = target2.ConnectionString;
        var store = new LocalDirectoryChunkStore(migrations.StagingRoot);
        CopyStaging(migrations.StagingRoot, "first", "second");
        var manifests = Directory.GetFiles(Path.Combine(migrations.StagingRoot, "second", "chunks"), "*.manifest.json",
            SearchOption.AllDirectories)
            .Select(f => JsonSerializer.Deserialize<ChunkManifest>(File.ReadAllText(f), SpecLoader.JsonOptions)!)
            .Where(m => m.Table.Name == "orders").OrderBy(m => m.ChunkId).ToList();
        var flipped = Path.Combine(migrations.StagingRoot, "second", manifests[0].DataObject);
        var bytes = File.ReadAllBytes(flipped);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(flipped, bytes);
        var cut = Path.Combine(migrations.StagingRoot, "second", manifests[1].DataObject);
        File.WriteAllBytes(cut, File.ReadAllBytes(cut)[..(int)(new FileInfo(cut).Length / 2)]);

        var result = await migrations.RunAsync(spec, "second");

        Assert.True(result.Passed);
        await DatabaseAssert.SameRowsAsync(source, target2);
        Assert.Equal(120_000L, await target2.ScalarAsync<long>("SELECT count(*) FROM shop.orders"));
        foreach (var damaged in manifests.Take(2))
        {
            var resealed = await store.TryGetManifestAsync("second", damaged.ChunkId);
            Assert.NotNull(resealed);
            Assert.NotEqual(damaged.DataObject, resealed.DataObject); // extracted again into a new data object
            Assert.Equal(damaged.Digest, resealed.Digest);
        }
    }

    [Fact]
    public async Task Loading_a_chunk_again_is_a_no_op()
    {
        await using var scenario = await Scenario.CreateAsync("once", SampleSources.Orders);
        var (target, migrations) = (scenario.Target, scenario.Migrations);
        var spec = migrations.SpecJson(rowsPerChunk: 30_000);
        Assert.True((await migrations.RunAsync(spec, "once")).Passed);
        await target.ExecuteAsync("DELETE FROM _migrator.prepared_tables"); // even a forced re-prepare must not duplicate

        var store = new LocalDirectoryChunkStore(migrations.StagingRoot);
        var manifest = (await store.TryGetManifestAsync("once",
            Directory.GetFiles(Path.Combine(migrations.StagingRoot, "once", "chunks"), "*.manifest.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Path.Combine(migrations.StagingRoot, "once", "chunks"), f).Replace(".manifest.json", ""))
            .First(id => id.Contains("shop.orders"))))!;
        var dataSource = Npgsql.NpgsqlDataSource.Create(target.ConnectionString);
        var pgTarget = new Orchestrator.Core.Target.PostgresTarget(dataSource);
        var outcome = await pgTarget.LoadChunkAsync(manifest, manifest.Table, ct => store.OpenDataAsync(manifest, ct));

        Assert.Equal(Orchestrator.Core.Target.LoadStatus.AlreadyLoaded, outcome.Status);
        Assert.Equal(120_000L, await target.ScalarAsync<long>("SELECT count(*) FROM shop.orders"));
        await dataSource.DisposeAsync();
    }

    [Fact]
    public async Task Two_loads_of_one_chunk_at_once_load_it_once()
    {
        await using var scenario = await Scenario.CreateAsync("twice", SampleSources.Orders);
        var (target, migrations) = (scenario.Target, scenario.Migrations);
        Assert.True((await migrations.RunAsync(migrations.SpecJson(rowsPerChunk: 30_000), "twice")).Passed);
        var store = new LocalDirectoryChunkStore(migrations.StagingRoot);
        var chunks = Path.Combine(migrations.StagingRoot, "twice", "chunks");
        var chunkId = Directory.GetFiles(chunks, "*.manifest.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(chunks, f).Replace(".manifest.json", "")).First(id => id.Contains("shop.orders"));
        var manifest = (await store.TryGetManifestAsync("twice", chunkId))!;
        await target.ExecuteAsync("TRUNCATE shop.orders CASCADE; DELETE FROM _migrator.load_ledger WHERE table_name = 'orders'");

        // Hold the chunk's lock so both loads queue behind it, then let them go: the second must see the first's ledger row.
        await using var holder = new Npgsql.NpgsqlConnection(target.ConnectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var hold = new Npgsql.NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", holder))
        {
            hold.Parameters.Add(new() { Value = $"load:twice:{chunkId}" });
            await hold.ExecuteNonQueryAsync();
        }
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(target.ConnectionString);
        var pgTarget = new Orchestrator.Core.Target.PostgresTarget(dataSource);
        var loads = Enumerable.Range(0, 2)
            .Select(_ => pgTarget.LoadChunkAsync(manifest, manifest.Table, ct => store.OpenDataAsync(manifest, ct))).ToList();
        for (var waited = 0; await target.ScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE " +
            "locktype = 'advisory' AND NOT granted") < 2; waited++)
        {
            Assert.True(waited < 200, "the two loads never queued on the chunk's lock");
            await Task.Delay(50);
        }
        await tx.CommitAsync();
        var outcomes = await Task.WhenAll(loads);

        Assert.Equal([Orchestrator.Core.Target.LoadStatus.Loaded, Orchestrator.Core.Target.LoadStatus.AlreadyLoaded],
            outcomes.Select(o => o.Status).Order());
        Assert.Equal(manifest.Rows, await target.ScalarAsync<long>("SELECT count(*) FROM shop.orders"));
        Assert.Equal(1L, await target.ScalarAsync<long>("SELECT count(*) FROM _migrator.load_ledger WHERE table_name = 'orders'"));
    }

    static void CopyStaging(string root, string from, string to)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(root, from), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Path.Combine(root, from), file);
            if (relative.StartsWith("report", StringComparison.Ordinal)) continue;
            var destination = Path.Combine(root, to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var text = relative.EndsWith(".json", StringComparison.Ordinal)
                ? File.ReadAllText(file).Replace($"\"migrationId\": \"{from}\"", $"\"migrationId\": \"{to}\"") : null;
            if (text is null) File.Copy(file, destination); else File.WriteAllText(destination, text);
        }
    }
}

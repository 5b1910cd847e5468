using System.Text.Json;
using Npgsql;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>A full load while the source keeps changing: it completes, loses nothing that was there before it
/// started, and the report says which source position it is consistent from (incremental sync continues there).</summary>
public class ConcurrentWritesTests
{
    [Fact]
    public async Task The_load_completes_under_writes_and_reports_its_position()
    {
        await using var scenario = await Scenario.CreateAsync("busy", SampleSources.Orders);
        var migrations = scenario.Migrations;
        var before = await scenario.Source.ScalarAsync<long>("SELECT max(id) FROM shop.orders");
        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(scenario.Source.ConnectionString);
            await connection.OpenAsync();
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                await using var batch = new NpgsqlBatch(connection)
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand("INSERT INTO shop.orders (id, customer_id, placed_at, amount) VALUES ($1, 1, now(), 1)")
                        {
                            Parameters = { new() { Value = before + i } },
                        },
                        new NpgsqlBatchCommand("UPDATE shop.orders SET note = 'changed' WHERE id = $1")
                        {
                            Parameters = { new() { Value = (long)(i * 37 % before) + 1 } },
                        },
                    },
                };
                await batch.ExecuteNonQueryAsync();
                writes++;
                await Task.Delay(5);
            }
        });

        var result = await migrations.RunAsync(migrations.SpecJson(rowsPerChunk: 10_000, maxParallel: 2), "busy");
        stop.Cancel();
        await writer;

        Assert.True(writes > 10, $"only {writes} writes happened during the load");
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(migrations.StagingRoot, "busy", "report.json")));
        var position = report.RootElement.GetProperty("consistentAsOf");
        Assert.Equal("lsn", position.GetProperty("kind").GetString());
        Assert.Matches(@"^[0-9A-F]+/[0-9A-F]+$", position.GetProperty("value").GetString());
        // Every row that existed before the load is in the target exactly once; rows written later may or may not be.
        Assert.Equal(before, await scenario.Target.ScalarAsync<long>($"SELECT count(DISTINCT id) FROM shop.orders WHERE id <= {before}"));
        Assert.Equal(0L, await scenario.Target.ScalarAsync<long>("SELECT count(*) - count(DISTINCT id) FROM shop.orders"));
        // Validation compares with the source as it is now, so the writes show as differences until a sync applies them.
        Assert.False(result.Passed);
    }
}

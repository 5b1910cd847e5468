using System.Diagnostics;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// kill -9 of `migrator migrate` at several moments, then the same command again: the target ends identical to the source.
/// </summary>
public class ResumeAfterKillTests
{
    [Fact]
    public async Task Killed_at_several_points_and_resumed_the_target_is_identical_with_no_duplicates()
    {
        await using var scenario = await Scenario.CreateAsync("kill", SampleSources.Orders);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        var spec = migrations.WriteSpec(migrations.SpecJson(rowsPerChunk: 8_000, maxParallel: 3));
        string[] args = ["migrate", "--spec", spec, "--id", "killme"];
        var chunks = Path.Combine(migrations.StagingRoot, "killme", "chunks");

        // Each moment is a condition observed from outside, as an operator or a crash would meet it.
        var moments = new (string Name, Func<Task<bool>> Reached)[]
        {
            ("during discover or plan", () => Task.FromResult(true)),
            ("after the first chunks were sealed", () => Task.FromResult(Directory.Exists(chunks)
                && Directory.EnumerateFiles(chunks, "*.manifest.json", SearchOption.AllDirectories).Count() >= 3)),
            ("in the middle of loading", async () => await LedgerRows(target) >= 8),
            ("late in the load", async () => await LedgerRows(target) >= 20),
        };
        var killedWhileRunning = 0;
        foreach (var (name, reached) in moments)
        {
            using var process = migrations.StartCli(args);
            var deadline = Stopwatch.StartNew();
            while (!process.HasExited && !await reached() && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(20);
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                killedWhileRunning++;
            }
            await process.WaitForExitAsync();
        }
        Assert.True(killedWhileRunning >= 3, $"only {killedWhileRunning} kills landed while the migration was running");

        var final = await migrations.RunCliAsync(args);
        Assert.True(final.ExitCode == 0, final.ToString());
        await DatabaseAssert.SameRowsAsync(source, target);
        await DatabaseAssert.SameStructureAsync(source, target);
        // One ledger row per chunk: nothing was loaded twice.
        Assert.Equal(0L, await target.ScalarAsync<long>(
            "SELECT count(*) FROM (SELECT chunk_id FROM _migrator.load_ledger GROUP BY chunk_id HAVING count(*) > 1) d"));
        Assert.Equal(120_000L, await target.ScalarAsync<long>("SELECT count(*) FROM shop.orders"));
    }

    static async Task<long> LedgerRows(TestDatabase target)
    {
        try { return await target.ScalarAsync<long>("SELECT count(*) FROM _migrator.load_ledger"); }
        catch (Npgsql.PostgresException) { return 0; } // the ledger does not exist before PrepareTarget
    }
}

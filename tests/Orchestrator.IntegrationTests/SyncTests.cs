using System.Diagnostics;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// Change capture and apply with real PostgreSQL on both sides: a write load runs during the full load and after it,
/// and the target ends identical to the source with every change applied exactly once.
/// </summary>
public class SyncTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Changes_during_and_after_the_load_reach_the_target_exactly_once()
    {
        await using var scenario = await Scenario.CreateAsync("sync", SyncSources.Shop);
        var (source, target, migrations) = (scenario.Source, scenario.Target, scenario.Migrations);
        migrations.Environment["XDG_STATE_HOME"] = Path.Combine(migrations.StagingRoot, "state");
        var spec = migrations.WriteSpec(SyncRun.Spec(migrations));
        using var migrate = migrations.StartCli("migrate", "--spec", spec, "--id", "live");
        var stderr = migrate.StandardError.ReadToEndAsync();
        try
        {
            // The slot exists before the first chunk is read: from here on every write is captured.
            await WriteLoad.UntilAsync(() => SyncRun.SlotExistsAsync(source), Patience, "replication slot created", migrate);
            await using var load = WriteLoad.Start(source);
            await WriteLoad.UntilAsync(async () => await SyncRun.AppliedAsync(target, "live") > 0, Patience, "sync applying", migrate);
            await Task.Delay(2000);

            var status = await migrations.RunCliAsync("status", "--id", "live");
            Assert.True(status.ExitCode == 0, status.ToString());
            Assert.Matches(@"lag: [\d,]+ changes, [\d,]+ bytes, [\d.]+ s", status.Stdout);

            await load.StopAsync();
            Assert.True(load.Transactions > 50, $"only {load.Transactions} transactions ran");
            var expected = load.Changes + await SyncRun.SentinelAsync(source, -1);
            await WriteLoad.UntilAsync(() => SyncRun.ArrivedAsync(target, -1), Patience, "sentinel applied", migrate);

            await DatabaseAssert.SameRowsAsync(source, target);
            Assert.Equal(expected, await SyncRun.AppliedAsync(target, "live"));
            Assert.False(migrate.HasExited, "migrate ended although no cutover was asked for");
        }
        catch (Exception e)
        {
            if (!migrate.HasExited) migrate.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{e.Message}\n--- migrate's stderr\n{await stderr}", e);
        }
        finally
        {
            if (!migrate.HasExited) migrate.Kill(entireProcessTree: true);
            await migrate.WaitForExitAsync();
        }
    }
}

using System.Diagnostics;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// `migrator migrate` with sync, running under a write load that started once capture did: past the full load,
/// applying changes. Disposing kills what still runs.
/// </summary>
sealed class RunningSync : IAsyncDisposable
{
    public required Process Migrate { get; init; }
    public required WriteLoad Load { get; init; }
    readonly Task<string> _stderr;

    RunningSync(Task<string> stderr) => _stderr = stderr;

    public static async Task<RunningSync> StartAsync(
        Migrations migrations, TestDatabase source, TestDatabase target, string spec, string id, TimeSpan patience)
    {
        var migrate = migrations.StartCli("migrate", "--spec", spec, "--id", id);
        var stderr = migrate.StandardError.ReadToEndAsync();
        _ = migrate.StandardOutput.ReadToEndAsync();
        WriteLoad? load = null;
        try
        {
            await WriteLoad.UntilAsync(() => SyncRun.SlotConsistentAsync(source), patience, "replication slot consistent", migrate);
            load = WriteLoad.Start(source);
            await WriteLoad.UntilAsync(async () => await SyncRun.AppliedAsync(target, id) > 0, patience, "sync applying", migrate);
            return new RunningSync(stderr) { Migrate = migrate, Load = load };
        }
        catch (Exception e)
        {
            if (load is not null) await load.DisposeAsync();
            if (!migrate.HasExited) migrate.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{e.Message}\n--- migrate's stderr\n{await stderr}", e);
        }
    }

    /// <summary>Waits for migrate to end by itself, within <paramref name="timeout"/>; returns its exit code and stderr.</summary>
    public async Task<(int ExitCode, string Stderr)> ExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try { await Migrate.WaitForExitAsync(cancel.Token); }
        catch (OperationCanceledException) { throw new TimeoutException($"migrate still runs after {timeout.TotalSeconds:N0} s"); }
        return (Migrate.ExitCode, await _stderr);
    }

    public async ValueTask DisposeAsync()
    {
        await Load.DisposeAsync();
        if (!Migrate.HasExited) Migrate.Kill(entireProcessTree: true);
        await Migrate.WaitForExitAsync();
        Migrate.Dispose();
    }
}

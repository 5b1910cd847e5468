using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Target;
using Orchestrator.Core.Telemetry;

namespace Orchestrator.Cli;

/// <summary>What every command shares: configuration from the environment, services, and the mapping of failures to exit codes.</summary>
sealed class CliRuntime : IAsyncDisposable
{
    public IConfiguration Configuration { get; } = new ConfigurationBuilder().AddEnvironmentVariables().Build();
    public ConnectionResolver Connections { get; }
    public ProgressBoard Progress { get; } = new();
    public MigrationServices Services { get; }
    /// <summary>Every activity by name, for the embedded host.</summary>
    public IReadOnlyDictionary<string, IWorkflowActivity> Activities { get; }

    readonly ServiceProvider _engine;

    public CliRuntime()
    {
        // Every activity runs in this process: blob-staged chunks are also kept in a local spool until loaded.
        var spool = SpooledChunkStore.DirectoryFor(Path.GetTempPath());
        _engine = new ServiceCollection().AddSingleton(Configuration).AddMigrationEngine(Progress, spool).BuildServiceProvider();
        Connections = _engine.GetRequiredService<ConnectionResolver>();
        Services = _engine.GetRequiredService<MigrationServices>();
        Activities = _engine.GetRequiredService<IReadOnlyDictionary<string, IWorkflowActivity>>();
    }

    /// <summary>Runs a command body and turns what it throws into a message (secrets removed) and an exit code.</summary>
    public static async Task<int> RunAsync(Func<CliRuntime, Task<int>> body)
    {
        await using var runtime = new CliRuntime();
        try
        {
            return await body(runtime);
        }
        catch (SpecException e)
        {
            runtime.Error(e.Message);
            return ExitCodes.BadInput;
        }
        catch (ConnectionNotConfiguredException e)
        {
            runtime.Error(e.Message);
            return ExitCodes.BadInput;
        }
        catch (Core.Sync.SyncRefusedException e)
        {
            runtime.Error(e.Message);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            runtime.Error("cancelled; run the same command with the same --id to resume");
            return ExitCodes.RuntimeFailure;
        }
        catch (Exception e)
        {
            runtime.Error(Describe(e));
            if (Environment.GetEnvironmentVariable("MIGRATOR_DEBUG") == "1") runtime.Error(e.ToString());
            return ExitCodes.RuntimeFailure;
        }
    }

    static string Describe(Exception e) => e switch
    {
        UnreachableException or TargetNotEmptyException or MigrationFailedException => e.Message,
        // Worded where they happened: what failed, where, and what to do.
        ActivityFailedException or ActivityStalledException or StagingFailedException or TargetOutOfSpaceException => e.Message,
        PostgresException => DatabaseErrors.Describe(e),
        NotSupportedException or Core.Sync.SchemaChangedException or Core.Sync.CutoverFailedException => e.Message,
        Core.Staging.StagedVersionException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    public void Error(string message)
    {
        var known = new[] { "ConnectionStrings" }.SelectMany(section => Configuration.GetSection(section).GetChildren())
            .Select(c => c.Value).OfType<string>();
        Console.Error.WriteLine("migrator: " + SecretRedactor.Redact(message, known));
    }

    // Disposes the engine's services (connections, change feeds, the spool).
    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}

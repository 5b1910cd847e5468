using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Connections;
using Orchestrator.Core.Hosting;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Workflow;
using Orchestrator.Core.Sources;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>Runs migrations the two ways users do: in-process through the embedded host, and as the migrator command.</summary>
sealed class Migrations : IDisposable
{
    public string StagingRoot { get; } = Directory.CreateTempSubdirectory("migrator-staging-").FullName;
    public Dictionary<string, string> Connections { get; } = new();
    /// <summary>More environment for the migrator command (telemetry switches and the like).</summary>
    public Dictionary<string, string> Environment { get; } = new();

    public Migrations(TestDatabase source, TestDatabase target)
    {
        Connections["Legacy"] = source.ConnectionString;
        Connections["Modern"] = target.ConnectionString;
        if (TestServers.Blob is { } blob) Connections["Staging"] = blob;
    }

    public string SpecJson(
        long rowsPerChunk = 50_000, int maxParallel = 4, string? staging = null, string include = "*", string extraTarget = "") => $$"""
        { "source":   { "dialect": "postgres", "connection": "Legacy" },
          "target":   { "connection": "Modern"{{extraTarget}} },
          "staging":  {{staging ?? $$"""{ "kind": "local", "path": "{{StagingRoot}}" }"""}},
          "tables":   { "include": ["{{include}}"], "exclude": [] },
          "chunking": { "rowsPerChunk": {{rowsPerChunk}}, "maxParallel": {{maxParallel}} } }
        """;

    public static string BlobStaging(string container) => $$"""{ "kind": "blob", "connection": "Staging", "container": "{{container}}" }""";

    /// <param name="activities">Wraps the activities (a test that acts between them); null runs them as they are.</param>
    public async Task<MigrationResult> RunAsync(string specJson, string id, string workflow = MigrationWorkflow.Name,
        Func<IReadOnlyDictionary<string, IWorkflowActivity>, IReadOnlyDictionary<string, IWorkflowActivity>>? activities = null)
    {
        var spec = SpecLoader.Parse(specJson, SourceDialects.Traits);
        await using var services = new MigrationServices(new ConnectionResolver(Configuration()));
        var catalog = ActivityCatalog.Create(services);
        var host = new EmbeddedWorkflowHost(activities?.Invoke(catalog) ?? catalog, spec.Chunking.MaxParallel);
        return await host.RunAsync<MigrationResult>(workflow, id, new MigrationInput(id, spec));
    }

    /// <summary>A live comparison of a migration, in-process through the engine's API (what `migrator compare` runs).</summary>
    public async Task<CompareReport> CompareAsync(string specJson, string id, bool repair = false, string? tables = null)
    {
        await using var services = new MigrationServices(new ConnectionResolver(Configuration()));
        return await LiveComparison.RunAsync(services,
            new CompareInput(id, SpecLoader.Parse(specJson, SourceDialects.Traits), $"cmp-{Guid.NewGuid():N}", tables, repair));
    }

    IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(Connections.Select(c => KeyValuePair.Create($"ConnectionStrings:{c.Key}", (string?)c.Value)))
        .AddInMemoryCollection(Environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":"), (string?)e.Value)))
        .Build();

    public string WriteSpec(string json)
    {
        var path = Path.Combine(StagingRoot, $"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>A command the migrator runs under (setpriv with its options, say); empty: run it directly.</summary>
    public IReadOnlyList<string> Launcher { get; set; } = [];

    /// <summary>Starts `migrator` (the built CLI next to the tests) with the connections in its environment.</summary>
    public Process StartCli(params string[] args)
    {
        var info = new ProcessStartInfo(Launcher.Count > 0 ? Launcher[0] : "dotnet")
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in Launcher.Skip(1).Concat(Launcher.Count > 0 ? ["dotnet"] : [])) info.ArgumentList.Add(a);
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "migrator.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        foreach (var (name, value) in Connections) info.Environment[$"ConnectionStrings__{name}"] = value;
        // The CLI keeps start-up JIT profiles in the user's cache directory: the tests keep theirs in the staging root.
        info.Environment["XDG_CACHE_HOME"] = Path.Combine(StagingRoot, "cache");
        foreach (var (name, value) in Environment) info.Environment[name] = value;
        return Process.Start(info)!;
    }

    public async Task<CliResult> RunCliAsync(params string[] args)
    {
        using var process = StartCli(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A hung CLI fails its test and is not left running.
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"migrator {string.Join(' ', args)} did not finish within 5 minutes; killed");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try { Directory.Delete(StagingRoot, recursive: true); } catch (IOException) { }
    }
}

sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + "\n" + Stderr;
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Orchestrator.Functions.Durable;
using Orchestrator.FunctionsTests.Infrastructure;

namespace Orchestrator.FunctionsTests;

/// <summary>
/// The deployment package as `dotnet publish functions -c Release` makes it (eng/test publishes it first): what the
/// Functions host reads at start, checked against the code.
/// </summary>
public class FunctionsPackageTests
{
    static string Package => Environment.GetEnvironmentVariable("ORCH_TEST_FUNCTIONS_PACKAGE") is { Length: > 0 } dir
        ? dir
        : Skip("ORCH_TEST_FUNCTIONS_PACKAGE is not set (the published Functions app): run through eng/test");

    static string Skip(string reason)
    {
        Assert.Skip(reason);
        return null!;
    }

    static JsonElement Read(string file)
    {
        var path = Path.Combine(Package, file);
        Assert.True(File.Exists(path), $"{file} is missing from the package at {Package}");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    /// <summary>Every [Function] of the app with the trigger binding its parameters declare.</summary>
    static Dictionary<string, string> FunctionsInCode() => typeof(WorkflowFunctions).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
        .ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name, m => m.GetParameters()
            .Select(p => p.GetCustomAttributes().Select(a => a.GetType().Name)
                .FirstOrDefault(n => n.EndsWith("TriggerAttribute", StringComparison.Ordinal)))
            .Single(n => n is not null)!);

    [Fact]
    public void Functions_metadata_lists_every_function_with_its_trigger()
    {
        var listed = Read("functions.metadata").EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray().Select(b => b.GetProperty("type").GetString()!)
                .Single(t => t.EndsWith("Trigger", StringComparison.Ordinal)));
        var expected = FunctionsInCode().ToDictionary(f => f.Key, f => char.ToLowerInvariant(f.Value[0]) + f.Value[1..^"Attribute".Length]);
        // the compare orchestration, its 7 activities and its 2 routes;
        // the sync and cutover orchestrations, their 7 activities and 2 routes
        Assert.Equal(45, expected.Count);
        Assert.Equal(expected.OrderBy(f => f.Key), listed.OrderBy(f => f.Key));
    }

    [Fact]
    public void Functions_metadata_carries_the_routes_and_the_schedule_setting()
    {
        var bindings = Read("functions.metadata").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("bindings")[0]);
        Assert.Equal("migrations/{id}/resume", bindings["ResumeMigration"].GetProperty("route").GetString());
        Assert.Equal("migrations/{id}/compare", bindings["StartCompare"].GetProperty("route").GetString());
        Assert.Equal("Function", bindings["StartMigration"].GetProperty("authLevel").GetString());
        Assert.Equal("%MIGRATION_SCHEDULE%", bindings["ScheduledMigrations"].GetProperty("schedule").GetString());
    }

    [Fact]
    public void Extensions_json_holds_the_durable_extension_and_it_ships()
    {
        var durable = Assert.Single(Read("extensions.json").GetProperty("extensions").EnumerateArray(),
            e => e.GetProperty("name").GetString() == "DurableTask");
        var hint = durable.GetProperty("hintPath").GetString()!;
        Assert.True(File.Exists(Path.Combine(Package, hint)), $"{hint} is not in the package");
    }

    [Fact]
    public void Host_json_sits_at_the_package_root_on_the_azure_storage_backend()
    {
        var host = Read("host.json");
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "host.json")), File.ReadAllText(Path.Combine(Package, "host.json")));
        var provider = host.GetProperty("extensions").GetProperty("durableTask").GetProperty("storageProvider");
        Assert.Equal(("AzureStorage", "AzureWebJobsStorage"),
            (provider.GetProperty("type").GetString(), provider.GetProperty("connectionName").GetString()));
        Assert.True(File.Exists(Path.Combine(Package, "worker.config.json")), "worker.config.json is missing");
        Assert.True(File.Exists(Path.Combine(Package, "Orchestrator.Functions.dll")), "the app's assembly is missing");
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// A migration resumed by a release that stages another shape of catalog or plan: the rerun ends at once with exit 3
/// and a message naming the file, the version found, the version this release reads and what to do; the staged
/// documents and the target are left as they were. A resume over current documents passes.
/// </summary>
public class StagedVersionTests
{
    /// <summary>A run that is refused must end this soon: far below "never", far above what it takes.</summary>
    static readonly TimeSpan Bounded = TimeSpan.FromSeconds(60);

    const string Source = """
        CREATE SCHEMA app;
        CREATE TABLE app.items (id integer PRIMARY KEY, name text NOT NULL);
        INSERT INTO app.items SELECT g, 'item ' || g FROM generate_series(1, 500) g;
        """;

    [Fact]
    public async Task A_staged_catalog_or_plan_of_another_version_is_refused_on_resume_and_a_current_one_resumes()
    {
        await using var scenario = await Scenario.CreateAsync("staged_version", Source);
        var migrations = scenario.Migrations;
        var spec = migrations.WriteSpec(migrations.SpecJson());
        string[] args = ["migrate", "--spec", spec, "--id", "versioned"];
        var first = await migrations.RunCliAsync(args);
        Assert.True(first.ExitCode == 0, first.ToString());

        var resumed = await migrations.RunCliAsync(args);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());

        var catalog = Path.Combine(migrations.StagingRoot, "versioned", "catalog.json");
        var current = await File.ReadAllTextAsync(catalog);
        await File.WriteAllTextAsync(catalog, WithVersion(current, 2));
        var clock = Stopwatch.StartNew();
        var refused = await migrations.RunCliAsync(args);
        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.True(clock.Elapsed < Bounded, $"the refused run took {clock.Elapsed}");
        Says(refused, $"{catalog}: the catalog is version 2, and this release reads version 3");
        Says(refused, "start a new migration id, or finish this one with the release that started it");
        Assert.DoesNotContain("can be resumed", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(WithVersion(current, 2), await File.ReadAllTextAsync(catalog));

        await File.WriteAllTextAsync(catalog, current);
        var plan = Path.Combine(migrations.StagingRoot, "versioned", "plan.json");
        await File.WriteAllTextAsync(plan, WithVersion(await File.ReadAllTextAsync(plan), 0));
        var planRefused = await migrations.RunCliAsync(args);
        Assert.True(planRefused.ExitCode == 3, planRefused.ToString());
        Says(planRefused, $"{plan}: the plan is version 0, and this release reads version 1");
        Assert.Equal(500L, await scenario.Target.ScalarAsync<long>("SELECT count(*) FROM app.items"));
    }

    static string WithVersion(string json, int version)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document["version"] = version;
        return document.ToJsonString();
    }

    static void Says(CliResult run, string text) =>
        Assert.True(run.Stderr.Contains(text, StringComparison.Ordinal), $"expected: {text}\n{run}");
}

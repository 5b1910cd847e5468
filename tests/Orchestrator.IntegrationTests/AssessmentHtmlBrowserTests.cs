using System.Text.RegularExpressions;
using Orchestrator.IntegrationTests.Infrastructure;

namespace Orchestrator.IntegrationTests;

/// <summary>
/// assessment.html rendered by a real browser: the sections and charts are there, and no name from the database became markup.
/// </summary>
public partial class AssessmentHtmlBrowserTests
{
    [Fact]
    public async Task Html_renders_in_headless_chromium_with_every_section_and_no_hostile_markup()
    {
        HeadlessChromium.Binary();
        await using var scenario = await Scenario.CreateAsync("assess_html", Scenario.Fixture("ml_assessment.sql"));
        var migrations = scenario.Migrations;
        migrations.Connections.Remove("Modern");
        var outDir = Path.Combine(migrations.StagingRoot, "assessment");
        var run = await migrations.RunCliAsync("assess", "--spec", migrations.WriteSpec(migrations.SpecJson()), "--out", outDir);
        Assert.True(run.ExitCode == 0, run.ToString());
        var file = Path.Combine(outDir, "assessment.html");
        var html = File.ReadAllText(file);

        // Self-contained: no script, no external resource (the SVG namespace is a name, not a fetch).
        Assert.DoesNotMatch(Script(), html);
        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("x&quot;; DROP TABLE y; --&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);

        var dom = await HeadlessChromium.DumpDomAsync(file);
        foreach (var id in new[]
                 { "summary", "charts", "schemas", "tables", "columns", "types", "objects", "queries", "ai-ml", "estimate", "ddl" })
            Assert.Contains($"<section id=\"{id}\">", dom);
        foreach (var chart in new[] { "chart-size", "chart-types", "chart-effort" })
            Assert.Matches($"<svg id=\"{chart}\"[^>]*>.*?<rect ", dom.ReplaceLineEndings(" "));
        // The browser built no element from the hostile names: they are text.
        Assert.DoesNotMatch(Script(), dom);
        Assert.DoesNotContain("<img", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--&lt;script&gt;alert(1)&lt;/script&gt;", dom);
        Assert.Contains("ml.items", dom);
        Assert.Contains("{\"table\":\"ml.items\",\"column\":\"embedding\",\"vector\":",
            dom.Replace("&quot;", "\"", StringComparison.Ordinal));
        Assert.Contains("significant", dom);
    }

    [GeneratedRegex("<script", RegexOptions.IgnoreCase)]
    private static partial Regex Script();

    [GeneratedRegex(@"(src|href)\s*=\s*""?(https?:)?//|@import|url\(", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}

using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Core.Assessment;
using Orchestrator.Core.Assessment.AiMl;
using Orchestrator.Core.Assessment.Estimate;
using Orchestrator.Core.Assessment.Html;
using Orchestrator.Core.Assessment.Objects;
using Orchestrator.Core.Assessment.Queries;
using Orchestrator.Core.Assessment.Types;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Tests.Assessment;

public class AssessmentHtmlTests
{
    const string Hostile = "x\"; DROP TABLE y; --<script>alert(1)</script>";
    const string Tag = "<img src=x onerror=alert(1)>";

    static SourceAssessment Sample() => new()
    {
        Dialect = "postgres",
        Database = "<b>db</b>",
        ServerVersion = "15 '&'",
        Position = new SourcePosition("lsn", "0/1", DateTime.UnixEpoch),
        TargetDdl = $"CREATE TABLE \"{Hostile}\" ();",
        Schemas = [new SchemaAssessment(Tag, 1, 10, 2048, 1)],
        Tables = [new TableAssessment
        {
            Table = $"{Tag}.{Hostile}", Schema = Tag, EstimatedRows = 10, SizeBytes = 2048, PrimaryKey = Tag,
            Columns = [new ColumnAssessment(Tag, "text", "Text", true, Hostile, null, false) { SourceType = Hostile }],
            LobColumns = [new LobColumn(Tag, Hostile, 10, 20, "scan")],
        }],
        TypeFindings = [new TypeFinding(Hostile, Tag, Hostile, "text", TypeSeverity.Lossy, Tag, Hostile)],
        Objects = [new ObjectAssessment("view", Tag, Hostile, Tag, EffortClass.Significant, Hostile, [Tag])],
        HeavyQueries = new HeavyQueryReading(true, "pg_stat_statements", null,
            [MlQueryFilter.Query($"SELECT predict('{Tag}')", 3, 10, 3.3, 1)]),
        Suggestions =
        [
            new SpecRuleSuggestion("pii", Hostile, Tag,
                new JsonObject { ["table"] = Hostile, ["column"] = Tag, ["pii"] = new JsonObject { ["transform"] = "hash" } }, Tag),
        ],
        Estimate = MigrationEstimate.For([($"{Tag}.{Hostile}", 10, 2048)], MeasuredThroughput.Conservative),
    };

    [Fact]
    public void Every_database_text_is_escaped()
    {
        var html = AssessmentHtml.Render(Sample());
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>db", html, StringComparison.Ordinal);
        Assert.Contains("x&quot;; DROP TABLE y; --&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        // Inside attributes a quote would end the value: the only attribute values are our own.
        foreach (Match attribute in Regex.Matches(html, "=\"([^\"]*)\""))
            Assert.DoesNotContain("DROP", attribute.Groups[1].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_has_every_section_three_charts_and_nothing_external()
    {
        var html = AssessmentHtml.Render(Sample());
        foreach (var (id, _) in AssessmentHtml.Sections) Assert.Contains($"<section id=\"{id}\">", html);
        Assert.Equal(["chart-size", "chart-types", "chart-effort"],
            Regex.Matches(html, "<svg id=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Contains("Content-Security-Policy", html);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""?(https?:)?//", html);
        Assert.Contains("class=\"ml\"", html); // the predict() statement is highlighted
    }

    [Fact]
    public void Bars_are_proportional_and_labels_escaped()
    {
        var svg = SvgBarChart.Render("c", "t", [new("<a>", 100, "100"), new("b&c", 50, "50")]);
        Assert.Contains("&lt;a&gt;", svg);
        Assert.Contains("b&amp;c", svg);
        var widths = Regex.Matches(svg, "<rect [^>]*width=\"([0-9.]+)\"")
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2 * widths[1], widths[0], 1);
    }

    [Theory]
    [InlineData("<>&\"'", "&lt;&gt;&amp;&quot;&#39;")]
    [InlineData("plain", "plain")]
    [InlineData(null, "")]
    public void Escape_makes_text_inert_in_content_and_attributes(string? text, string expected) =>
        Assert.Equal(expected, HtmlText.Escape(text));

    [Fact]
    public void Markdown_keeps_table_cells_intact()
    {
        var md = AssessmentMarkdown.Render(Sample() with { Tables = [Sample().Tables[0] with { Table = "a|b\nc" }] });
        Assert.Contains("| a\\|b c |", md);
        // Outside the DDL's code fence, names from the database cannot become inline HTML.
        Assert.DoesNotContain("<script", md[..md.IndexOf("```sql", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains("--&lt;script&gt;alert(1)&lt;/script&gt;", md);
        Assert.Contains("## AI/ML suggestions", md);
        Assert.Contains("## Estimate", md);
    }
}

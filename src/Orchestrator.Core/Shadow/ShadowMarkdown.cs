using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Shadow;

/// <summary>shadow.md: the confidence summary, a line per query, then where results differ.</summary>
public static class ShadowMarkdown
{
    public static string Render(ShadowReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder("# Shadow reads: legacy against modern\n\n");
        md.Append(c, $"**{report.Confidence.Summary}**\n\n");
        md.Append(c,
            $"{report.Queries.Count} key queries on a {report.SourceDialect} source and the PostgreSQL target, " +
            $"{report.Runs} measured runs per side ")
          .Append(c, $"after {report.WarmupRuns} warm-up; latencies in ms, from sending the query to its last row read.\n\n");
        md.Append("| query | identical | rows legacy | rows modern | legacy p50 / p95 / p99 | modern p50 / p95 / p99 | " +
            "ratio p95 | within budget |\n");
        md.Append("|---|---|---:|---:|---:|---:|---:|---|\n");
        foreach (var q in report.Queries)
            md.Append(c,
                $"| {q.Name} | {(q.Identical ? "yes" : "**no**")} | {q.Legacy.Rows:N0} | {q.Modern.Rows:N0} | " +
                $"{q.Legacy.Latency.Text} | {q.Modern.Latency.Text} | ")
              .Append(c, $"{q.Ratio.P95:F2}x | {(q.WithinBudget ? "yes" : "**no**")} |\n");
        foreach (var q in report.Queries.Where(q => q.Problem is not null))
        {
            md.Append(c, $"\n## {q.Name}\n\n{q.Problem}\n");
            foreach (var d in q.Differences)
                md.Append(c,
                    $"\n- {(d.Position is { } p ? $"row {p}: " : "")}legacy {d.Legacy ?? "(none)"}, modern {d.Modern ?? "(none)"}");
            md.Append('\n');
        }
        return md.ToString();
    }
}

using System.Globalization;
using System.Text;
using static Orchestrator.Core.Assessment.Html.HtmlText;

namespace Orchestrator.Core.Shadow;

/// <summary>
/// shadow.html: one self-contained page (inline style and SVG, no script, a Content Security Policy that would refuse
/// one), as the assessment's: the confidence summary, a latency chart, each query's results and where they differ.
/// </summary>
public static class ShadowHtml
{
    const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 1.5em 3em;color:#1d232b}
        h1{font-size:1.6em;margin:1em 0 .2em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:2em}
        table{border-collapse:collapse;margin:.5em 0;width:100%}
        th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}
        th{background:#f3f5f7}td.n{text-align:right;font-variant-numeric:tabular-nums}code{font:12px ui-monospace,monospace}
        .chart text{font:12px system-ui,sans-serif;fill:#1d232b}.legacy{fill:#8c959f}.modern{fill:#3b7dd8}
        .p50{stroke:#1d232b;stroke-width:2}
        .no{color:#cf222e;font-weight:600}.yes{color:#1a7f37}.summary{font-size:1.1em}
        """;

    public static string Render(ShadowReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src " +
                "'unsafe-inline'; img-src data:\">")
            .Append(c,
                $"<title>Shadow reads: {Escape(report.SourceDialect)} against PostgreSQL</title><style>{Style}</style></head><body>\n")
            .Append(c, $"<h1>Shadow reads: {Escape(report.SourceDialect)} against PostgreSQL</h1>\n")
            .Append(c, $"<section id=\"summary\"><p class=\"summary\">{Escape(report.Confidence.Summary)}</p>")
            .Append(c,
                $"<p>{report.Runs} measured runs per query and side after {report.WarmupRuns} warm-up, " +
                $"{report.StartedUtc:yyyy-MM-dd HH:mm} UTC; ")
            .Append("latencies in milliseconds, from sending the query to its last row read.</p></section>\n")
            .Append("<section id=\"latency\"><h2>Latency</h2>").Append(LatencyChart.Render(report)).Append("</section>\n")
            .Append("<section id=\"queries\"><h2>Queries</h2><table><tr><th>query</th><th>identical</th><th>rows " +
                "legacy</th><th>rows modern</th>")
            .Append("<th>legacy p50 / p95 / p99</th><th>modern p50 / p95 / p99</th><th>ratio p95</th><th>within budget</th></tr>\n");
        foreach (var q in report.Queries)
            h.Append(c,
                $"<tr><td>{Escape(q.Name)}</td><td>{YesNo(q.Identical)}</td><td class=\"n\">{q.Legacy.Rows:N0}</td><td " +
                $"class=\"n\">{q.Modern.Rows:N0}</td>")
             .Append(c,
                 $"<td class=\"n\">{q.Legacy.Latency.Text}</td><td class=\"n\">{q.Modern.Latency.Text}</td><td " +
                 $"class=\"n\">{q.Ratio.P95:F2}x</td>")
             .Append(c, $"<td>{YesNo(q.WithinBudget)}</td></tr>\n");
        h.Append("</table></section>\n<section id=\"differences\"><h2>Differences</h2>\n");
        if (report.Queries.All(q => q.Problem is null)) h.Append("<p>Every query answered the same on both sides.</p>");
        foreach (var q in report.Queries.Where(q => q.Problem is not null))
        {
            h.Append(c, $"<h3>{Escape(q.Name)}</h3><p>{Escape(q.Problem)}</p>");
            if (q.Differences.Count > 0)
            {
                h.Append("<table><tr><th>row</th><th>legacy</th><th>modern</th></tr>");
                foreach (var d in q.Differences)
                    h.Append(c,
                        $"<tr><td class=\"n\">{d.Position?.ToString(c) ?? ""}</td><td><code>{Escape(d.Legacy ?? "(none)")}</code></td>" +
                        $"<td><code>{Escape(d.Modern ?? "(none)")}</code></td></tr>");
                h.Append("</table>");
            }
        }
        return h.Append("</section>\n</body></html>\n").ToString();
    }

    static string YesNo(bool value) => value ? "<span class=\"yes\">yes</span>" : "<span class=\"no\">no</span>";
}

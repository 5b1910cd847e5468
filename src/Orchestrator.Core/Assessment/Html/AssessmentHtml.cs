using System.Globalization;
using System.Text;
using Orchestrator.Core.Assessment.AiMl;
using Orchestrator.Core.Assessment.Estimate;
using Orchestrator.Core.Assessment.Objects;
using static Orchestrator.Core.Assessment.Html.HtmlText;
using MlQueryFilter = Orchestrator.Core.Assessment.Queries.MlQueryFilter;

namespace Orchestrator.Core.Assessment.Html;

/// <summary>
/// The assessment as one self-contained page: inline style, inline SVG charts, no script, and a Content Security
/// Policy that would refuse one anyway. Sections have stable ids for links and tests.
/// </summary>
public static class AssessmentHtml
{
    public static readonly IReadOnlyList<(string Id, string Title)> Sections =
    [
        ("summary", "Summary"), ("charts", "Charts"), ("schemas", "Schemas"), ("tables", "Tables"), ("columns", "Columns"),
        ("types", "Lossy and unsupported types"), ("objects", "Objects that are not data"), ("queries", "Heavy queries"),
        ("probes", "Source probes not available"), ("ai-ml", "AI/ML suggestions"), ("estimate", "Estimate"), ("ddl", "Target DDL"),
    ];

    const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:0 1.5em 3em;color:#1d232b}
        h1{font-size:1.6em;margin:1em 0 .2em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:2em}
        nav a{margin-right:1em}table{border-collapse:collapse;margin:.5em 0;width:100%}
        th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f3f5f7}
        td.n{text-align:right;font-variant-numeric:tabular-nums}code,pre{font:12px ui-monospace,monospace}
        pre{background:#f6f8fa;padding:.6em;overflow:auto;white-space:pre-wrap}.charts{display:flex;flex-wrap:wrap;gap:2em}
        .chart rect{fill:#3b7dd8}.chart text{font:12px system-ui,sans-serif;fill:#1d232b}
        .simple{color:#1a7f37}.medium{color:#9a6700}.significant{color:#cf222e;font-weight:600}
        .ml{background:#fff8c5}.lossy{color:#9a6700}.unsupported{color:#cf222e}.note{color:#57606a}
        """;

    public static string Render(SourceAssessment a)
    {
        var c = CultureInfo.InvariantCulture;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">")
         .Append(c, $"<title>Assessment of {Escape(a.Dialect)} database {Escape(a.Database)}</title><style>{Style}</style></head><body>\n")
         .Append(c, $"<h1>Assessment of {Escape(a.Dialect)} database {Escape(a.Database)}</h1>\n<nav>")
         .AppendJoin("", Sections.Select(s => $"<a href=\"#{s.Id}\">{s.Title}</a>")).Append("</nav>\n");
        Summary(h, a);
        Charts(h, a);
        Schemas(h, a);
        Tables(h, a);
        Columns(h, a);
        Types(h, a);
        Objects(h, a);
        Queries(h, a);
        Probes(h, a);
        AiMl(h, a);
        Estimate(h, a);
        Open(h, "ddl").Append(c, $"<pre><code>{Escape(a.TargetDdl)}</code></pre></section>\n");
        return h.Append("</body></html>\n").ToString();
    }

    static StringBuilder Open(StringBuilder h, string id) =>
        h.Append(CultureInfo.InvariantCulture, $"<section id=\"{id}\"><h2>{Sections.First(s => s.Id == id).Title}</h2>\n");

    static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : string.Create(CultureInfo.InvariantCulture, $"{n} {noun}s");

    static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
    static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
    static string Bytes(double? b) => b is { } v ? AiMlDetector.Size((long)Math.Round(v)) : "-";

    static void Summary(StringBuilder h, SourceAssessment a)
    {
        var c = CultureInfo.InvariantCulture;
        Open(h, "summary").Append("<ul>")
         .Append(c, $"<li>Server {Escape(a.ServerVersion)}; read at {Escape(a.Position.ToString())}</li>")
         .Append(c,
             $"<li>{a.Tables.Count} tables, ~{N(a.Rows)} rows, {Mb(a.Bytes)} MB; {a.Objects.Count} other objects; " +
             $"{a.Suggestions.Count} AI/ML suggestions</li>")
         .Append(c,
             $"<li>{(a.Scanned ? "Every row was read (--scan): value sizes are exact."
                 : "Value sizes are estimates from statistics and a sample; run with --scan for exact figures.")}</li>");
        if (a.Extensions.Count > 0) h.Append(c, $"<li>Extensions in use: {Escape(string.Join(", ", a.Extensions))}</li>");
        h.Append("</ul></section>\n");
    }

    static void Charts(StringBuilder h, SourceAssessment a)
    {
        var bySize = a.Tables.Where(t => t.PartitionKey is null).OrderByDescending(t => t.SizeBytes).Take(15)
            .Select(t => new SvgBarChart.Bar(t.Table, t.SizeBytes, AiMlDetector.Size(t.SizeBytes))).ToList();
        var typeMix = a.Tables.Where(t => t.PartitionOf is null).SelectMany(t => t.Columns).GroupBy(col => col.Family)
            .OrderByDescending(g => g.Count()).Select(g => new SvgBarChart.Bar(g.Key, g.Count(), Plural(g.Count(), "column"))).ToList();
        var effort = EffortClass.All.Select(e => (e, n: a.Objects.Count(o => o.Effort == e)))
            .Select(x => new SvgBarChart.Bar(x.e, x.n, Plural(x.n, "object"))).ToList();
        Open(h, "charts").Append("<div class=\"charts\">")
         .Append("<figure><figcaption>Size by table</figcaption>")
             .Append(SvgBarChart.Render("chart-size", "Size by table", bySize)).Append("</figure>")
         .Append("<figure><figcaption>Type mix (target type families, columns)</figcaption>")
             .Append(SvgBarChart.Render("chart-types", "Type mix", typeMix)).Append("</figure>")
         .Append("<figure><figcaption>Effort (objects by class)</figcaption>")
             .Append(SvgBarChart.Render("chart-effort", "Effort", effort)).Append("</figure>")
         .Append("</div></section>\n");
    }

    static void Schemas(StringBuilder h, SourceAssessment a)
    {
        Open(h, "schemas").Append("<table><tr><th>schema</th><th>tables</th><th>rows</th><th>MB</th><th>objects</th></tr>");
        foreach (var s in a.Schemas)
            h.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{Escape(s.Schema)}</td><td class=\"n\">{s.Tables}</td><td class=\"n\">{N(s.Rows)}</td><td " +
                $"class=\"n\">{Mb(s.SizeBytes)}</td><td class=\"n\">{s.Objects}</td></tr>");
        h.Append("</table></section>\n");
    }

    static void Tables(StringBuilder h, SourceAssessment a)
    {
        var c = CultureInfo.InvariantCulture;
        Open(h, "tables")
            .Append("<table><tr><th>table</th><th>rows</th><th>MB</th><th>partitioning</th><th>primary key</th><th>FKs</th>" +
            "<th>indexes</th><th>chunks</th><th>LOB columns (avg / max)</th></tr>");
        foreach (var t in a.Tables)
        {
            var partitioning = t.PartitionKey is not null ? $"by {t.PartitionKey}, {t.Partitions} partitions"
                : t.PartitionOf is not null ? $"partition of {t.PartitionOf}" : "";
            var lobs = string.Join("<br>",
                t.LobColumns.Select(l => $"{Escape(l.Column)} {Escape(l.SourceType)}: {Bytes(l.AvgBytes)} / {Bytes(l.MaxBytes)}"));
            h.Append(c,
                $"<tr><td>{Escape(t.Table)}</td><td class=\"n\">{N(t.EstimatedRows)}</td><td class=\"n\">{Mb(t.SizeBytes)}</td>" +
                $"<td>{Escape(partitioning)}</td>")
             .Append(c, $"<td>{Escape(t.PrimaryKey ?? "(none)")}</td><td class=\"n\">{t.ForeignKeys}</td><td class=\"n\">{t.Indexes}</td>")
             .Append(c, $"<td>{(t.ChunkStrategy is null ? "-" : $"{t.Chunks} by {Escape(t.ChunkStrategy)}")}</td><td>{lobs}</td></tr>");
        }
        h.Append("</table>");
        var basis = a.Tables.SelectMany(t => t.LobColumns).Select(l => l.Basis).FirstOrDefault();
        if (basis is not null) h.Append(c, $"<p class=\"note\">LOB sizes: {Escape(basis)}.</p>");
        h.Append("</section>\n");
    }

    static void Columns(StringBuilder h, SourceAssessment a)
    {
        Open(h, "columns");
        foreach (var t in a.Tables.Where(t => t.PartitionOf is null))
        {
            h.Append(CultureInfo.InvariantCulture,
                $"<details><summary>{Escape(t.Table)} ({t.Columns.Count} columns)</summary><table><tr><th>column</th><th>source " +
                $"type</th><th>target type</th><th>null</th></tr>");
            foreach (var col in t.Columns)
                h.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{Escape(col.Name)}</td><td>{Escape(col.SourceType)}</td><td>{Escape(col.TargetType)}</td>" +
                    $"<td>{(col.Nullable ? "yes" : "no")}</td></tr>");
            h.Append("</table></details>");
        }
        h.Append("</section>\n");
    }

    static void Probes(StringBuilder h, SourceAssessment a)
    {
        Open(h, "probes");
        Rows(h, a.UnavailableProbes, "None: every optional probe answered.", ["probe", "reads", "instead", "server error", "needs"], p =>
            string.Create(CultureInfo.InvariantCulture, $"<tr><td>{Escape(p.Probe)}</td><td>{Escape(p.Reads)}</td>") +
            string.Create(CultureInfo.InvariantCulture,
                $"<td>{Escape(p.Fallback)}{(p.Tables.Count == 0 ? "" : Escape($" ({string.Join(", ", p.Tables)})"))}</td>") +
            string.Create(CultureInfo.InvariantCulture,
                $"<td>{p.ErrorNumber}: {Escape(p.ServerMessage)}</td><td>{Escape(p.Grant)}</td></tr>"));
        h.Append("</section>\n");
    }

    /// <summary>A table with one row per item, or a sentence when there is none.</summary>
    static void Rows<T>(StringBuilder h, IReadOnlyList<T> items, string none, string[] headers, Func<T, string> row)
    {
        if (items.Count == 0) { h.Append("<p>").Append(none).Append("</p>"); return; }
        h.Append("<table><tr>").AppendJoin("", headers.Select(x => $"<th>{x}</th>")).Append("</tr>");
        foreach (var item in items) h.Append(row(item));
        h.Append("</table>");
    }

    static void Types(StringBuilder h, SourceAssessment a)
    {
        Open(h, "types");
        Rows(h, a.TypeFindings, "None: every column is carried exactly.",
            ["table", "column", "source type", "target type", "finding", "reason", "fallback"], f =>
            $"<tr><td>{Escape(f.Table)}</td><td>{Escape(f.Column)}</td><td>{Escape(f.SourceType)}</td><td>{Escape(f.TargetType)}</td>" +
                $"<td class=\"{f.Severity}\">{f.Severity}</td><td>{Escape(f.Reason)}</td><td>{Escape(f.Fallback)}</td></tr>");
        h.Append("</section>\n");
    }

    static void Objects(StringBuilder h, SourceAssessment a)
    {
        Open(h, "objects");
        Rows(h, a.Objects, "None.", ["kind", "schema", "name", "effort", "found", "conversion"], o =>
            $"<tr><td>{Escape(o.Kind)}</td><td>{Escape(o.Schema)}</td>" +
            $"<td>{Escape(o.Name)}{(o.Table is null ? "" : $" <span class=\"note\">on {Escape(o.Table)}</span>")}</td>" +
            $"<td class=\"{o.Effort}\">{o.Effort}</td><td>{Escape(string.Join(", ", o.Findings))}</td><td>{Escape(o.Hint)}</td></tr>");
        h.Append("</section>\n");
    }

    static void Queries(StringBuilder h, SourceAssessment a)
    {
        Open(h, "queries");
        if (a.HeavyQueries is not { Available: true } q)
            h.Append(CultureInfo.InvariantCulture,
                $"<p>Not available ({Escape(a.HeavyQueries?.Source)}): {Escape(a.HeavyQueries?.Reason ?? "not read")}.</p>");
        else if (q.Queries.Count == 0) h.Append(CultureInfo.InvariantCulture, $"<p>{Escape(q.Source)} holds no statements yet.</p>");
        else
        {
            h.Append(CultureInfo.InvariantCulture,
                $"<p class=\"note\">From {Escape(q.Source)}, by total time; highlighted: text matching " +
                $"{Escape(string.Join(", ", MlQueryFilter.Terms))}.</p>")
             .Append("<table><tr><th>calls</th><th>total ms</th><th>mean ms</th><th>rows</th><th>AI/ML</th><th>statement</th></tr>");
            foreach (var s in q.Queries)
                h.Append(CultureInfo.InvariantCulture,
                    $"<tr{(s.MlTerms.Count > 0 ? " class=\"ml\"" : "")}><td class=\"n\">{N(s.Calls)}</td><td " +
                    $"class=\"n\">{s.TotalMs:F1}</td><td class=\"n\">{s.MeanMs:F2}</td><td class=\"n\">{N(s.Rows)}</td>")
                 .Append(CultureInfo.InvariantCulture,
                     $"<td>{Escape(string.Join(", ", s.MlTerms))}</td><td><code>{Escape(s.Text)}</code></td></tr>");
            h.Append("</table>");
        }
        h.Append("</section>\n");
    }

    static void AiMl(StringBuilder h, SourceAssessment a)
    {
        Open(h, "ai-ml");
        if (a.Suggestions.Count > 0)
            h.Append("<p class=\"note\">Each suggestion is an element of the spec's <code>rules</code> array; a graph suggestion is the " +
                "spec's <code>graph</code> section.</p>");
        Rows(h, a.Suggestions, "No AI/ML-shaped column found.", ["kind", "table", "column", "rule", "evidence"], s =>
            $"<tr><td>{Escape(s.Kind)}</td><td>{Escape(s.Table)}</td><td>{Escape(s.Column)}</td><td>" +
                $"<code>{Escape(s.Rule.ToJsonString())}</code></td><td>{Escape(s.Evidence)}</td></tr>");
        h.Append("</section>\n");
    }

    static void Estimate(StringBuilder h, SourceAssessment a)
    {
        Open(h, "estimate");
        if (a.Estimate is { } e)
        {
            h.Append(CultureInfo.InvariantCulture,
                $"<p><strong>Total: {MigrationEstimate.Describe(e.TotalSeconds)}</strong> copying and validating the tables one after " +
                $"another at {N((long)e.RowsPerSecond)} rows/s or {e.MegabytesPerSecond:F1} MB/s, whichever is slower per table.</p>")
             .Append(CultureInfo.InvariantCulture, $"<p class=\"note\">Throughput: {Escape(e.Basis)}.</p>")
             .Append("<table><tr><th>table</th><th>rows</th><th>MB</th><th>estimate</th></tr>");
            foreach (var t in e.Tables.OrderByDescending(t => t.Seconds))
                h.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{Escape(t.Table)}</td><td class=\"n\">{N(t.Rows)}</td><td class=\"n\">{Mb(t.Bytes)}</td><td " +
                    $"class=\"n\">{MigrationEstimate.Describe(t.Seconds)}</td></tr>");
            h.Append("</table>");
        }
        h.Append("</section>\n");
    }
}

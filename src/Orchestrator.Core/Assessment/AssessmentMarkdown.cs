using System.Globalization;
using System.Text;
using Orchestrator.Core.Assessment.AiMl;
using Orchestrator.Core.Assessment.Estimate;
using MlQueryFilter = Orchestrator.Core.Assessment.Queries.MlQueryFilter;

namespace Orchestrator.Core.Assessment;

/// <summary>
/// The assessment for people: a summary, the tables, lossy types, objects, queries, AI/ML suggestions, the estimate, then per-table columns
/// and the target DDL.
/// </summary>
public static class AssessmentMarkdown
{
    public static string Render(SourceAssessment a)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"# Assessment of {a.Dialect} database {Cell(a.Database)}");
        md.AppendLine();
        md.AppendLine(c, $"- Server {a.ServerVersion}; read at {a.Position}");
        md.AppendLine(c,
            $"- {a.Tables.Count} tables, ~{a.Rows:N0} rows, {a.Bytes / 1048576.0:F1} MB; {a.Objects.Count} other objects; " +
            $"{a.Suggestions.Count} AI/ML suggestions");
        md.AppendLine(a.Scanned ? "- Every row was read (--scan): value sizes are exact"
            : "- Value sizes are estimates from statistics and a sample; `--scan` reads every row for exact figures");
        if (a.Extensions.Count > 0) md.AppendLine(c, $"- Extensions in use: {Cell(string.Join(", ", a.Extensions))}");
        if (a.Tables.Where(t => t.PrimaryKey is null && t.PartitionKey is null && t.PartitionOf is null)
                .Select(t => t.Table).ToList() is { Count: > 0 } keyless)
            md.AppendLine(c,
                $"- {keyless.Count} table(s) without a primary key: they load, but cannot be synced (changes apply by key): " +
                $"{Cell(string.Join(", ", keyless))}");
        if (a.Estimate is { } e)
            md.AppendLine(c, $"- Estimated migration time: {MigrationEstimate.Describe(e.TotalSeconds)} (see Estimate)");
        md.AppendLine();
        md.AppendLine("| table | rows | MB | primary key | FKs | indexes | partitioning | chunks |");
        md.AppendLine("|---|---:|---:|---|---:|---:|---|---|");
        foreach (var t in a.Tables)
            md.AppendLine(c,
                $"| {Cell(t.Table)} | {t.EstimatedRows:N0} | {t.SizeBytes / 1048576.0:F1} | {Cell(t.PrimaryKey ?? "(none)")} | " +
                $"{t.ForeignKeys} | {t.Indexes} | " +
                $"{Cell(t.PartitionKey is not null ? $"by {t.PartitionKey}, {t.Partitions} partitions"
                    : t.PartitionOf is not null ? $"partition of {t.PartitionOf}" : "")} | " +
                $"{(t.ChunkStrategy is null ? "-" : $"{t.Chunks} by {t.ChunkStrategy}")} |");
        Schemas(md, a);
        Lobs(md, a);
        Types(md, a);
        Objects(md, a);
        Queries(md, a);
        Probes(md, a);
        Suggestions(md, a);
        Estimate(md, a);
        foreach (var t in a.Tables.Where(t => t.PartitionOf is null))
        {
            md.AppendLine();
            md.AppendLine(c, $"## {Cell(t.Table)}");
            md.AppendLine();
            md.AppendLine("| column | source type | target type | null | default / identity |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var col in t.Columns)
                md.AppendLine(c,
                    $"| {Cell(col.Name)} | {Cell(col.SourceType ?? "")} | {Cell(col.TargetType)} | {(col.Nullable ? "yes" : "no")} | " +
                    $"{Cell(col.Identity is not null ? $"identity ({col.Identity})" : col.Generated ? "generated" : col.Default ?? "")} |");
        }
        md.AppendLine();
        md.AppendLine("## Target DDL");
        md.AppendLine();
        md.AppendLine("```sql");
        md.Append(a.TargetDdl);
        md.AppendLine("```");
        return md.ToString();
    }

    static void Heading(StringBuilder md, string title, string header, string align)
    {
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {title}").AppendLine().AppendLine(header).AppendLine(align);
    }

    static void Schemas(StringBuilder md, SourceAssessment a)
    {
        Heading(md, "Schemas", "| schema | tables | rows | MB | objects |", "|---|---:|---:|---:|---:|");
        foreach (var s in a.Schemas)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(s.Schema)} | {s.Tables} | {s.Rows:N0} | {s.SizeBytes / 1048576.0:F1} | {s.Objects} |");
    }

    static void Lobs(StringBuilder md, SourceAssessment a)
    {
        var lobs = a.Tables.SelectMany(t => t.LobColumns.Select(l => (t.Table, l))).ToList();
        if (lobs.Count == 0) return;
        Heading(md, "LOB columns", "| table | column | source type | avg | max | basis |", "|---|---|---|---:|---:|---|");
        foreach (var (table, l) in lobs)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(table)} | {Cell(l.Column)} | {Cell(l.SourceType)} | {Size(l.AvgBytes)} | {Size(l.MaxBytes)} | {Cell(l.Basis)} |");
    }

    static void Probes(StringBuilder md, SourceAssessment a)
    {
        if (a.UnavailableProbes.Count == 0) return;
        Heading(md, "Source probes not available", "| probe | reads | instead | server error | needs |", "|---|---|---|---|---|");
        foreach (var p in a.UnavailableProbes)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(p.Probe)} | {Cell(p.Reads)} | " +
                $"{Cell(p.Fallback + (p.Tables.Count == 0 ? "" : $" ({string.Join(", ", p.Tables)})"))} | {p.ErrorNumber}: " +
                $"{Cell(p.ServerMessage)} | {Cell(p.Grant)} |");
    }

    static void Types(StringBuilder md, SourceAssessment a)
    {
        if (a.TypeFindings.Count == 0) return;
        Heading(md, "Lossy, unsupported and narrowable types",
            "| table | column | source type | target type | finding | reason | fallback |", "|---|---|---|---|---|---|---|");
        foreach (var f in a.TypeFindings)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(f.Table)} | {Cell(f.Column)} | {Cell(f.SourceType)} | {Cell(f.TargetType)} | {f.Severity} | " +
                $"{Cell(f.Reason)} | {Cell(f.Fallback)} |");
    }

    static void Objects(StringBuilder md, SourceAssessment a)
    {
        if (a.Objects.Count == 0) return;
        Heading(md, "Objects that are not data", "| kind | schema | name | effort | found | conversion |", "|---|---|---|---|---|---|");
        foreach (var o in a.Objects)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {o.Kind} | {Cell(o.Schema)} | {Cell(o.Name)}{(o.Table is null ? "" : Cell($" (on {o.Table})"))} | {o.Effort} | " +
                $"{Cell(string.Join(", ", o.Findings))} | {Cell(o.Hint)} |");
    }

    static void Queries(StringBuilder md, SourceAssessment a)
    {
        md.AppendLine().AppendLine("## Heavy queries").AppendLine();
        if (a.HeavyQueries is not { Available: true } q)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"Not available ({a.HeavyQueries?.Source}): {a.HeavyQueries?.Reason ?? "not read"}.");
            return;
        }
        md.AppendLine(CultureInfo.InvariantCulture,
            $"From {q.Source}, by total time; **AI/ML** marks text matching {string.Join(", ", MlQueryFilter.Terms)}.").AppendLine();
        md.AppendLine("| calls | total ms | mean ms | rows | AI/ML | statement |").AppendLine("|---:|---:|---:|---:|---|---|");
        foreach (var s in q.Queries)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Calls:N0} | {s.TotalMs:F1} | {s.MeanMs:F2} | {s.Rows:N0} | " +
                $"{(s.MlTerms.Count > 0 ? "**" + string.Join(", ", s.MlTerms) + "**" : "")} | " +
                $"`{Cell(s.Text).Replace("`", "'", StringComparison.Ordinal)}` |");
    }

    static void Suggestions(StringBuilder md, SourceAssessment a)
    {
        md.AppendLine().AppendLine("## AI/ML suggestions").AppendLine();
        if (a.Suggestions.Count == 0) { md.AppendLine("No AI/ML-shaped column found."); return; }
        foreach (var s in a.Suggestions)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {s.Kind}: {s.Evidence}")
                .AppendLine(CultureInfo.InvariantCulture, $"  `{s.Rule.ToJsonString().Replace("`", "'", StringComparison.Ordinal)}`");
        md.AppendLine()
            .AppendLine("Each rule is an element of the spec's `rules` array; a graph suggestion is the spec's `graph` section.");
    }

    static void Estimate(StringBuilder md, SourceAssessment a)
    {
        if (a.Estimate is not { } e) return;
        md.AppendLine().AppendLine("## Estimate").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Total {MigrationEstimate.Describe(e.TotalSeconds)}, tables one after another, each at {e.RowsPerSecond:N0} rows/s or " +
            $"{e.MegabytesPerSecond:F1} MB/s, whichever is slower. Throughput: {e.Basis}.");
        md.AppendLine().AppendLine("| table | rows | MB | estimate |").AppendLine("|---|---:|---:|---:|");
        foreach (var t in e.Tables.OrderByDescending(t => t.Seconds))
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {Cell(t.Table)} | {t.Rows:N0} | {t.Bytes / 1048576.0:F1} | {MigrationEstimate.Describe(t.Seconds)} |");
    }

    static string Size(double? bytes) => bytes is { } b ? AiMlDetector.Size((long)Math.Round(b)) : "-";

    // Markdown renders inline HTML: names from the database are escaped so that a table called <script> stays text.
    static string Cell(string text) => System.Net.WebUtility.HtmlEncode(text)
        .Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal);
}

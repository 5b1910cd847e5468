using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Reporting;

/// <summary>The human-readable report (terminal and report.md): a summary table per run, then any problems.</summary>
public static class ReportMarkdown
{
    public static string Render(MigrationReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"# Migration {report.MigrationId}: {(report.Passed ? "PASSED" : "DIFFERENCES FOUND")}");
        md.AppendLine();
        md.AppendLine(c, $"- Source dialect: {report.SourceDialect}; consistent as of {report.ConsistentAsOf}");
        md.AppendLine(c,
            $"- {report.Tables.Count} tables, {report.Rows:N0} rows, {Mb(report.Bytes)} MB, {report.Rejects:N0} " +
            $"rejects, {report.Seconds:F1} s");
        md.AppendLine();
        md.AppendLine("| table | chunks | source rows | loaded | rejects | MB | s | rows/s | digests | aggregates |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|");
        foreach (var t in report.Tables)
            md.AppendLine(c,
                $"| {Cell(t.Source)} | {t.Chunks} | {t.SourceRows:N0} | {t.RowsLoaded:N0} | {t.Rejects:N0} | {Mb(t.Bytes)} | " +
                $"{t.Seconds:F1} | {t.RowsPerSecond:N0} | {JsonNames.Of(t.DigestVerdict)} | {JsonNames.Of(t.AggregateVerdict)} |");
        var shaped = report.Tables.Where(t => t.Vectors.Count > 0 || t.VectorSearch.Count > 0 || t.ArtifactsStored > 0
            || t.ArtifactsVerified > 0 || t.Rejects > 0).ToList();
        if (shaped.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Rules");
            foreach (var t in shaped)
            {
                foreach (var v in t.Vectors) md.AppendLine(c, $"- {Cell(t.Source)}: {v.Describe()} ({(v.Matches ? "match" : "DIFFER")})");
                foreach (var s in t.VectorSearch) md.AppendLine(c, $"- {Cell(t.Source)}: {s.Describe()}");
                if (t.ArtifactsStored > 0 || t.ArtifactsVerified > 0)
                    md.AppendLine(c,
                        $"- {Cell(t.Source)}: " +
                        $"{(t.ArtifactsStored > 0 ? $"{t.ArtifactsStored:N0} artifacts streamed to the store, " : "")}" +
                        $"{t.ArtifactsVerified:N0} distinct artifacts re-hashed from the store");
                if (t.Rejects > 0)
                    md.AppendLine(c,
                        $"- {Cell(t.Source)}: {t.Rejects:N0} rows rejected with their reason: SELECT * FROM _migrator.rejects WHERE " +
                        $"migration_id = '{report.MigrationId}'");
            }
        }
        if (report.Graph is { } graph) Graph(md, graph);
        if (report.SchemaFindings.Count > 0)
        {
            md.AppendLine();
            md.AppendLine(c, $"## Schema conversion ({report.SchemaFindings.Count} findings)");
            foreach (var f in report.SchemaFindings) md.AppendLine(c, $"- {f}");
        }
        if (report.UnavailableProbes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine(c, $"## Source probes not available ({report.UnavailableProbes.Count})");
            foreach (var p in report.UnavailableProbes) md.AppendLine(c, $"- {p}");
        }
        var problems = report.Tables.Where(t => !t.Passed).ToList();
        if (problems.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Differences");
            foreach (var t in problems)
            {
                md.AppendLine(c, $"### {t.Source}");
                if (!t.Reconciled)
                    md.AppendLine(c,
                        $"- rows do not reconcile: extracted {t.RowsExtracted:N0}, loaded {t.RowsLoaded:N0}, rejected " +
                        $"{t.Rejects:N0}, in target {t.TargetRows:N0}");
                foreach (var m in t.DigestMismatches) md.AppendLine(c, $"- digest {m}");
                foreach (var d in t.AggregateDifferences) md.AppendLine(c, $"- aggregate {d}");
            }
        }
        return md.ToString();
    }

    static void Graph(StringBuilder md, Graph.GraphReport graph)
    {
        var c = CultureInfo.InvariantCulture;
        md.AppendLine();
        md.AppendLine(c, $"## Graph: {(graph.Passed ? "counts match" : "COUNTS DIFFER")}");
        md.AppendLine(c, $"- Neo4j bulk-import files in {graph.Location}; import into a new database from there: `{graph.ImportCommand}`");
        md.AppendLine(c,
            $"- In the target: views {graph.Schema}.nodes (label, id, properties) and {graph.Schema}.edges (type, start_label, " +
            $"start_id, end_label, end_id, properties)");
        md.AppendLine();
        md.AppendLine("| label | table | nodes | table rows | |");
        md.AppendLine("|---|---|---:|---:|---|");
        foreach (var l in graph.Labels)
            md.AppendLine(c, $"| {Cell(l.Label)} | {Cell(l.Table)} | {l.Nodes:N0} | {l.Rows:N0} | {(l.Matches ? "ok" : "DIFFER")} |");
        md.AppendLine();
        md.AppendLine("| type | from | to | source | edges | rows with keys set | dangling | |");
        md.AppendLine("|---|---|---|---|---:|---:|---:|---|");
        foreach (var t in graph.Types)
            md.AppendLine(c,
                $"| {Cell(t.Type)} | {Cell(t.Start)} | {Cell(t.End)} | {Cell(t.Table)} {Cell(t.Source)} | {t.Edges:N0} | " +
                $"{t.Expected:N0} | {t.Dangling:N0} | {(t.Matches ? "ok" : "DIFFER")} |");
        foreach (var s in graph.Skipped) md.AppendLine(c, $"- not an edge: {s}");
    }

    static string Mb(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);

    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}

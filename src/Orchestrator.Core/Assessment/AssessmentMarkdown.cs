using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Assessment;

/// <summary>The assessment for people: a summary, a table per source table, then the target DDL.</summary>
public static class AssessmentMarkdown
{
    public static string Render(SourceAssessment a)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c, $"# Assessment of {a.Dialect} database {a.Database}");
        md.AppendLine();
        md.AppendLine(c, $"- Server {a.ServerVersion}; read at {a.Position}");
        md.AppendLine(c, $"- {a.Tables.Count} tables, ~{a.Rows:N0} rows, {a.Bytes / 1048576.0:F1} MB");
        if (a.Extensions.Count > 0) md.AppendLine(c, $"- Extensions in use: {string.Join(", ", a.Extensions)}");
        md.AppendLine();
        md.AppendLine("| table | rows | MB | primary key | FKs | indexes | partitioning | chunks |");
        md.AppendLine("|---|---:|---:|---|---:|---:|---|---|");
        foreach (var t in a.Tables)
            md.AppendLine(c, $"| {Cell(t.Table)} | {t.EstimatedRows:N0} | {t.SizeBytes / 1048576.0:F1} | {Cell(t.PrimaryKey ?? "(none)")} | {t.ForeignKeys} | {t.Indexes} | " +
                $"{Cell(t.PartitionKey is not null ? $"by {t.PartitionKey}" : t.PartitionOf is not null ? $"partition of {t.PartitionOf}" : "")} | " +
                $"{(t.ChunkStrategy is null ? "-" : $"{t.Chunks} by {t.ChunkStrategy}")} |");
        foreach (var t in a.Tables.Where(t => t.PartitionOf is null))
        {
            md.AppendLine();
            md.AppendLine(c, $"## {t.Table}");
            md.AppendLine();
            md.AppendLine("| column | target type | null | default / identity |");
            md.AppendLine("|---|---|---|---|");
            foreach (var col in t.Columns)
                md.AppendLine(c, $"| {Cell(col.Name)} | {Cell(col.TargetType)} | {(col.Nullable ? "yes" : "no")} | {Cell(col.Identity is not null ? $"identity ({col.Identity})" : col.Generated ? "generated" : col.Default ?? "")} |");
        }
        md.AppendLine();
        md.AppendLine("## Target DDL");
        md.AppendLine();
        md.AppendLine("```sql");
        md.Append(a.TargetDdl);
        md.AppendLine("```");
        return md.ToString();
    }

    static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}

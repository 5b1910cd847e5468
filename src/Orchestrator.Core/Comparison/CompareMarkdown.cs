using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Comparison;

/// <summary>compare.md: the verdict, a line per table, then each table's confirmed differences by key.</summary>
public static class CompareMarkdown
{
    public static string Render(CompareReport report)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.Append(c, $"# Comparison {report.CompareId} of migration {report.MigrationId}\n\n");
        md.Append(c, $"{(report.Passed ? "**No differences.**" : $"**{N(report.Confirmed)} row(s) differ**")} ")
          .Append(c, $"{report.Tables.Count} table(s) of a live {report.SourceDialect} source and the PostgreSQL target, ")
          .Append(c, $"{report.StartedUtc:yyyy-MM-dd HH:mm:ss} to {report.FinishedUtc:HH:mm:ss} UTC; differing rows were read again after ")
          .Append(c, $"{report.SettleSeconds} s: {N(report.Confirmed)} confirmed, {N(report.Settled)} settled (in flight).\n\n");
        if (report.Repair is { } repair)
        {
            md.Append(c,
                $"Repaired (--repair) what the first comparison confirmed ({N(repair.Found.Sum(t => t.Confirmed.Total))} rows); the " +
                $"tables below are the comparison after it.\n\n");
            md.Append("| table | inserted | updated | deleted | not repaired |\n|---|---:|---:|---:|---|\n");
            foreach (var r in repair.Repaired)
                md.Append(c,
                    $"| {r.Table} | {N(r.Inserted)} | {N(r.Updated)} | {N(r.Deleted)} | " +
                    $"{(r.Blocked ?? (r.Unlisted > 0 ? $"{N(r.Unlisted)} rows not narrowed to keys" : ""))} |\n");
            md.Append('\n');
        }
        md.Append("| table | mode | source rows | target rows | ranges read | missing | extra | different | " +
            "unlisted | settled | digests |\n");
        md.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        foreach (var t in report.Tables)
            md.Append(c,
                $"| {t.Table} | {Reporting.JsonNames.Of(t.Mode)} | {N(t.SourceRows)} | {N(t.TargetRows)} | {t.RangesRead} | " +
                $"{N(t.Confirmed.Missing)} | {N(t.Confirmed.Extra)} | ")
              .Append(c,
                  $"{N(t.Confirmed.Different)} | {N(t.Confirmed.Unlisted)} | {N(t.Settled)} | " +
                  $"{(t.Digests.Equal ? "equal" : "differ")} |\n");
        foreach (var t in report.Tables.Where(t => t.Note is not null || t.Rejected > 0))
        {
            var rejected = t.Rejected > 0 ? $"{N(t.Rejected)} source rows refused by rules (in _migrator.rejects) are not counted" : null;
            md.Append(c, $"\n- {t.Table}: {string.Join("; ", new[] { t.Note, rejected }.OfType<string>())}");
        }
        md.Append('\n');
        foreach (var t in report.Tables.Where(t => !t.Passed))
        {
            md.Append(c, $"\n## {t.Table}\n\n");
            if (t.Differences.Count < t.Confirmed.Total - t.Confirmed.Unlisted)
                md.Append(c,
                    $"The first {t.Differences.Count} of {N(t.Confirmed.Total - t.Confirmed.Unlisted)} " +
                    $"differing keys (compare.maxKeys):\n\n");
            foreach (var d in t.Differences)
                md.Append(c,
                    $"- `{d.Key.ToJsonString(Readable)}` " +
                    $"{Reporting.JsonNames.Of(d.Kind)}{(d.Columns is { Count: > 0 } columns ? ": " + string.Join(", ", columns) : "")}\n");
            if (t.Confirmed.Unlisted > 0)
                md.Append(c,
                    $"- {N(t.Confirmed.Unlisted)} rows in ranges that differ but could not be listed by key " +
                    $"({(t.Mode == CompareMode.WholeTable ? "whole-table comparison" : "the key cannot bound a range on this source")})\n");
        }
        return md.ToString();
    }

    static readonly System.Text.Json.JsonSerializerOptions Readable =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}

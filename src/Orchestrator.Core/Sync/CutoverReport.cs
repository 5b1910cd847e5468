using System.Globalization;
using System.Text;

namespace Orchestrator.Core.Sync;

/// <summary>The cutover's report (cutover.json; cutover.md for people): ready or not, its timeline, and how to roll back.</summary>
public sealed record CutoverReport
{
    public int Version { get; init; } = 1;
    public required string MigrationId { get; init; }
    public required string SourceDialect { get; init; }
    public bool Ready { get; init; }
    public required CutoverTimeline Timeline { get; init; }
    /// <summary>Rows compare confirmed as different (zero for a ready cutover), and where its report is.</summary>
    public long Differences { get; init; }
    public string? CompareId { get; init; }
    /// <summary>What compare read: every row, or the keys the sync changed.</summary>
    public string Compared { get; init; } = ChangedKeysCompared;
    public string? CompareReport { get; init; }
    public IReadOnlyList<string> Steps { get; init; } = [];
    public required string Rollback { get; init; }

    public const string EveryRowCompared = "every row";
    public const string ChangedKeysCompared = "the keys the sync changed (the load's digests vouch for the other rows; " +
        "a table compared whole says why in the compare report)";

    public static string RollbackFor(Sources.SourceTraits legacy, string migrationId) => legacy.ReverseSync
        ? "Until cutover the legacy database stayed authoritative and untouched. Since cutover, changes to the new database " +
          $"are captured; `migrator sync --reverse --spec SPEC --id {migrationId}` applies them to the legacy database. " +
          "To roll back: stop the application's writes to the new database, " +
          $"wait until `migrator status --reverse --id {migrationId}` shows no lag, point the application at " +
          "the legacy database again, and stop the reverse sync."
        : $"Until cutover the {legacy.Dialect} legacy database stayed authoritative and untouched; it holds every row " +
          "as of the moment writes stopped. To roll back: point the application at it again. " +
          "Rows written to the new database since then are not carried back: " +
          "export them from the new database first (compare with `migrator compare` shows them as extra or different rows), " +
          "and apply them to the legacy database with its own tools.";

    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine(c,
            $"# Cutover of {MigrationId}: {(Ready ? "READY" : Differences > 0 ? "NOT READY, compare found differences" : "NOT READY")}");
        md.AppendLine();
        md.AppendLine("| step | at (UTC) | seconds after writes stopped |");
        md.AppendLine("|---|---|---:|");
        void Row(string step, DateTime? at) =>
            md.AppendLine(c, $"| {step} | {(at is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss.fff", c) : "-")} | " +
                $"{(at is { } u ? (u - Timeline.WritesStoppedUtc).TotalSeconds.ToString("F3", c) : "-")} |");
        if (Timeline.PrecheckedUtc is { } prechecked) Row("pre-check done (writes still running)", prechecked);
        Row("writes stopped", Timeline.WritesStoppedUtc);
        Row("caught up (lag zero)", Timeline.CaughtUpUtc);
        Row("compared", Timeline.ComparedUtc);
        Row("ready", Timeline.ReadyUtc);
        md.AppendLine();
        if (Timeline.DowntimeSeconds is { } downtime) md.AppendLine(c, $"Downtime window (writes stopped to ready): {downtime:F3} s");
        md.AppendLine(c,
            $"Compare {CompareId ?? "-"} of {Compared}: {Differences:N0} row(s) " +
            $"differ{(CompareReport is null ? "" : $" ({CompareReport})")}");
        if (Steps.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Steps");
            foreach (var step in Steps) md.AppendLine(c, $"- {step}");
        }
        md.AppendLine();
        md.AppendLine("## Rollback");
        md.AppendLine(Rollback);
        return md.ToString();
    }
}

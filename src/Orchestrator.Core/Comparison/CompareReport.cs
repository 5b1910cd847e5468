using System.Text.Json.Serialization;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// What a comparison found: per table, rows on each side, ranges, and the differences still there after the settle
/// delay (confirmed, by kind, the first keys listed) beside those that settled. Written as compare.json and compare.md.
/// </summary>
public sealed record CompareReport
{
    public int Version { get; init; } = 1;
    public required string MigrationId { get; init; }
    public required string CompareId { get; init; }
    public required string SourceDialect { get; init; }
    public DateTime StartedUtc { get; init; }
    public DateTime FinishedUtc { get; init; }
    public int SettleSeconds { get; init; }
    public required IReadOnlyList<TableComparison> Tables { get; init; }
    /// <summary>With --repair: what the first comparison confirmed, what was repaired, and (in Tables) the comparison after.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RepairReport? Repair { get; init; }

    public bool Passed => Tables.All(t => t.Passed);
    public long Confirmed => Tables.Sum(t => t.Confirmed.Total);
    public long Settled => Tables.Sum(t => t.Settled);

    public static CompareReport From(CompareReportInput input) => new()
    {
        MigrationId = input.MigrationId,
        CompareId = input.Pass.CompareId,
        SourceDialect = input.Compare.Spec.Source.Dialect,
        StartedUtc = input.StartedUtc,
        FinishedUtc = input.FinishedUtc,
        SettleSeconds = input.Compare.Spec.Compare.SettleSeconds,
        Tables = TableComparison.Of(input.Pass, input.Compare.Spec.Compare.MaxKeys),
        Repair = input.BeforeRepair is null ? null
            : new RepairReport(TableComparison.Of(input.BeforeRepair, input.Compare.Spec.Compare.MaxKeys), input.Repairs),
    };
}

public sealed record RepairReport(IReadOnlyList<TableComparison> Found, IReadOnlyList<RepairOutcome> Repaired);

public sealed record TableComparison
{
    /// <summary>The target table, schema.table.</summary>
    public required string Table { get; init; }
    public required string Source { get; init; }
    public required CompareMode Mode { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Note { get; init; }
    public long SourceRows { get; init; }
    public long TargetRows { get; init; }
    /// <summary>Source rows the spec's rules refuse (kept in _migrator.rejects, never in the table): not differences.</summary>
    public long Rejected { get; init; }
    public int Ranges { get; init; }
    public int RangesRead { get; init; }
    /// <summary>Both sides' row-set digests, the sums of their ranges' (first look).</summary>
    public required DigestPair Digests { get; init; }
    public DifferenceCounts Confirmed { get; init; } = new();
    public long Settled { get; init; }
    /// <summary>The confirmed differences, the first compare.maxKeys of them.</summary>
    public IReadOnlyList<RowDifference> Differences { get; init; } = [];

    public bool Passed => Confirmed.Total == 0;

    public static IReadOnlyList<TableComparison> Of(ComparePass pass, int maxKeys) => pass.Plan.Tables.Select(table =>
    {
        var outcomes = pass.Outcomes.Where(o => o.TableId == table.TableId).ToList();
        var rechecks = pass.Rechecks.Where(r => r.TableId == table.TableId).ToList();
        RowSetDigest Sum(Func<RangeOutcome, (long, string)> side) =>
            outcomes.Aggregate(RowSetDigest.Empty, (sum, o) => sum + RowSetDigest.Parse(side(o).Item1, side(o).Item2));
        return new TableComparison
        {
            Table = table.Target.ToString(), Source = table.Source.ToString(), Mode = table.Mode, Note = table.Note,
            SourceRows = outcomes.Sum(o => o.SourceRows), TargetRows = outcomes.Sum(o => o.TargetRows),
            Rejected = outcomes.Sum(o => o.Rejected),
            Ranges = table.Mode == CompareMode.Ranges ? table.Ranges.Count : 1, RangesRead = outcomes.Sum(o => o.RangesRead),
            Digests = DigestPair.Of(Sum(o => (o.SourceRows, o.SourceDigest)), Sum(o => (o.TargetRows, o.TargetDigest))),
            Confirmed = rechecks.Aggregate(new DifferenceCounts(), (sum, r) => sum + r.Confirmed),
            Settled = rechecks.Sum(r => r.Settled),
            Differences = rechecks.SelectMany(r => r.Listed).Take(maxKeys).ToList(),
        };
    }).ToList();
}

public sealed record DigestPair(string Source, string Target, bool Equal)
{
    public static DigestPair Of(RowSetDigest source, RowSetDigest target) => new(source.ToString(), target.ToString(), source == target);
}

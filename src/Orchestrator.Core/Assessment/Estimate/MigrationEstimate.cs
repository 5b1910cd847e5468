using System.Globalization;

namespace Orchestrator.Core.Assessment.Estimate;

/// <summary>How long copying and validating each table should take at the measured throughput, and all of them one after another.</summary>
public sealed record MigrationEstimate(double RowsPerSecond, double MegabytesPerSecond, string Basis, IReadOnlyList<TableEstimate> Tables)
{
    public double TotalSeconds => Tables.Sum(t => t.Seconds);

    /// <summary>A table takes the longer of its rows at the row rate and its bytes at the byte rate (wide rows are byte-bound).</summary>
    public static MigrationEstimate For(IEnumerable<(string Table, long Rows, long Bytes)> tables, MeasuredThroughput throughput) =>
        new(throughput.RowsPerSecond, throughput.MegabytesPerSecond, throughput.Source,
            tables.Select(t => new TableEstimate(t.Table, t.Rows, t.Bytes, Seconds(t.Rows, t.Bytes, throughput))).ToList());

    public static double Seconds(long rows, long bytes, MeasuredThroughput throughput) =>
        Math.Max(rows / throughput.RowsPerSecond, bytes / 1048576.0 / throughput.MegabytesPerSecond);

    public static string Describe(double seconds) => seconds switch
    {
        < 1 => "under 1 s",
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{seconds:F0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:F0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:F1} h"),
    };
}

public sealed record TableEstimate(string Table, long Rows, long Bytes, double Seconds);

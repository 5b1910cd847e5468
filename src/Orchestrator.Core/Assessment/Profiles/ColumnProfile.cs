namespace Orchestrator.Core.Assessment.Profiles;

/// <summary>
/// What one column's values look like, as far as the source told. Every measure is null when it was not read.
/// Basis says where the figures come from: an exact scan, or statistics and a sample (an estimate).
/// </summary>
public sealed record ColumnProfile
{
    public required string Column { get; init; }
    /// <summary>The type as the source declares it (e.g. NUMBER, varbinary(max), numeric).</summary>
    public required string SourceType { get; init; }
    public long? NonNull { get; init; }
    public double? AvgBytes { get; init; }
    public long? MaxBytes { get; init; }
    /// <summary>Every non-null value has this length: bytes for binary, elements for a numeric array or a JSON array of numbers.</summary>
    public int? ConstantLength { get; init; }
    /// <summary>What ConstantLength counts: "bytes", "array elements" or "json array elements".</summary>
    public string? LengthOf { get; init; }
    /// <summary>A decimal column without declared precision whose values are all integers in bigint range.</summary>
    public bool? IntegerOnly { get; init; }
    /// <summary>Correlation of a temporal column with the table's physical order or key order (1 = append-only).</summary>
    public double? Correlation { get; init; }
    /// <summary>Days between the smallest and largest value of a temporal column.</summary>
    public double? SpanDays { get; init; }
    /// <summary>"json" or "xml" when text values look like documents, with the share of non-null values that do.</summary>
    public string? DocumentKind { get; init; }
    public double? DocumentShare { get; init; }
    public required string Basis { get; init; }
}

/// <summary>The wording of <see cref="ColumnProfile.Basis"/>.</summary>
public static class ProfileBasis
{
    /// <summary>Rows read per table without a scan: enough to see the shape of the values, not their exact sizes.</summary>
    public const int SampleRows = 1000;

    public const string Scan = "scan";
    public static string Estimate(int sampleRows, string statistics) => $"estimate: {statistics} and a {sampleRows:N0}-row sample";
    public const string Catalog = "catalog only";
}

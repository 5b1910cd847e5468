namespace Orchestrator.Core.Assessment.Profiles;

/// <summary>
/// One aggregate a profile query computes for a column; the dialects write the SQL, <see cref="ProfileQuery"/> reads the result.
/// </summary>
public enum ProfileMeasure
{
    NonNull,
    AvgBytes,
    MaxBytes,
    /// <summary>Values whose length was measured (all of them, for a constant length to count).</summary>
    Measured,
    MinLength,
    MaxLength,
    /// <summary>Non-null values of a decimal column that are not integers in bigint range.</summary>
    NotBigint,
    Correlation,
    SpanDays,
    JsonLike,
    XmlLike,
}

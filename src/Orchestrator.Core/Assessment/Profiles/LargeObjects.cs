namespace Orchestrator.Core.Assessment.Profiles;

/// <summary>
/// Which columns hold large values (stored out of row, streamed by the migration). SQL Server and Oracle say so in
/// the type (varchar(max), image, CLOB, BLOB, LONG ...). In PostgreSQL every text, bytea or jsonb is unbounded, so
/// a column counts when its largest value seen reaches the TOAST threshold, where values move out of line.
/// </summary>
public static class LargeObjects
{
    /// <summary>PostgreSQL's TOAST_TUPLE_THRESHOLD with 8 kB pages: a row wider than this has its large values moved out of line.</summary>
    public const long ToastThreshold = 2032;

    public static bool IsLob(Sources.SourceTraits source, ColumnProfile p) => source.LargeObjectTypes is { } types
        ? types.IsMatch(p.SourceType.Trim())
        : p.MaxBytes >= ToastThreshold;
}

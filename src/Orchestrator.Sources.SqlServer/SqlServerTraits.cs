using System.Text.RegularExpressions;
using Orchestrator.Core.Assessment.Types;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// A SQL Server source: its names are folded to lower case by default and checked against PostgreSQL's reserved words,
/// its reader converts no types, SqlClient binds "@name" parameters and may block in async paths, no reverse sync.
/// </summary>
public static partial class SqlServerTraits
{
    public static SourceTraits Instance { get; } = new()
    {
        Dialect = "sqlserver",
        KeepsNames = false,
        ReservedWordsDiffer = true,
        ConvertsInSelect = false,
        ReverseSync = false,
        AsyncThroughout = false,
        ParameterPrefix = "@",
        LargeObjectTypes = LargeObjects(),
        TypeRisks =
        [
            new(SqlVariant(), TypeSeverity.Lossy, "the value's base type is not kept, only its text form", "text"),
            new(HierarchyId(), TypeSeverity.Lossy, "hierarchy methods (GetAncestor, IsDescendantOf) are lost; the path is kept as text",
                "text path '/1/2/' (ltree after conversion)"),
            new(Spatial(), TypeSeverity.Unsupported, "no spatial type without PostGIS", "PostGIS geometry/geography from WKB, else bytea"),
            new(SevenDigits(), TypeSeverity.Lossy, "PostgreSQL keeps microseconds: the 100 ns digit is truncated",
                "timestamp(6) / time(6) / timestamptz(6)"),
            new(DateTimeOffset(), TypeSeverity.Lossy, "the original UTC offset is not kept, only the instant",
                "timestamptz, plus an offset column if the offset matters"),
            new(RowVersion(), TypeSeverity.Lossy, "a row version that nothing maintains in PostgreSQL",
                "bytea (use xmin or an updated_at column for optimistic locking)"),
        ],
    };

    // The type says it: (max), or the legacy text, ntext, image and xml, all stored out of row.
    [GeneratedRegex(@"^(text|ntext|image|xml)$|\(max\)$", RegexOptions.IgnoreCase)] private static partial Regex LargeObjects();
    [GeneratedRegex(@"^sql_variant")] private static partial Regex SqlVariant();
    [GeneratedRegex(@"^hierarchyid")] private static partial Regex HierarchyId();
    [GeneratedRegex(@"^(geography|geometry)")] private static partial Regex Spatial();
    [GeneratedRegex(@"^(datetime2|time|datetimeoffset)\(7\)|^(datetime2|time|datetimeoffset)$")] private static partial Regex SevenDigits();
    [GeneratedRegex(@"^datetimeoffset")] private static partial Regex DateTimeOffset();
    [GeneratedRegex(@"^(timestamp|rowversion)$")] private static partial Regex RowVersion();
}

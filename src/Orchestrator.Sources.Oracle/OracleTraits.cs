using System.Text.RegularExpressions;
using Orchestrator.Core.Assessment.Types;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// An Oracle source: its upper-case names are folded to lower case by default and checked against PostgreSQL's reserved
/// words, its reader converts no types, ODP.NET may block in async paths, no reverse sync.
/// </summary>
public static partial class OracleTraits
{
    public static SourceTraits Instance { get; } = new()
    {
        Dialect = "oracle",
        KeepsNames = false,
        ReservedWordsDiffer = true,
        ConvertsInSelect = false,
        ReverseSync = false,
        AsyncThroughout = false,
        LargeObjectTypes = LargeObjects(),
        TypeRisks =
        [
            new(FineTimestamp(), TypeSeverity.Lossy, "PostgreSQL keeps microseconds: finer digits are truncated",
                "timestamp(6) / interval(6)"),
            new(TimeZone(), TypeSeverity.Lossy, "the time zone region or offset is not kept, only the instant",
                "timestamptz, plus a zone column if it matters"),
            new(Bfile(), TypeSeverity.Unsupported, "a pointer to a file outside the database",
                "copy the files to Blob Storage and keep their names (an artifact rule)"),
            new(RowId(), TypeSeverity.Lossy, "a physical row address, meaningless in PostgreSQL", "text"),
            new(ObjectType(), TypeSeverity.Unsupported, "object types, collections, REF, ANYDATA and SDO_GEOMETRY have no mapping",
                "flatten into columns or jsonb in a view, and migrate the view's result"),
            new(Float64Vector(), TypeSeverity.Lossy, "FLOAT64 dimensions become float4 in pgvector", "vector (float4)"),
        ],
    };

    // The type says it: the LOB types, LONG and LONG RAW, and XMLTYPE, all stored out of row.
    [GeneratedRegex(@"^(xmltype|clob|nclob|blob|long|long raw)$", RegexOptions.IgnoreCase)] private static partial Regex LargeObjects();
    [GeneratedRegex(@"^timestamp\([789]\)|^interval day(\(\d\))? to second\([789]\)")] private static partial Regex FineTimestamp();
    [GeneratedRegex(@"^timestamp(\(\d\))? with time zone")] private static partial Regex TimeZone();
    [GeneratedRegex(@"^bfile")] private static partial Regex Bfile();
    [GeneratedRegex(@"^u?rowid")] private static partial Regex RowId();
    [GeneratedRegex(@"^(object type|varray|nested table|ref\b|anydata|sys\.anydata|sdo_geometry|mdsys\.sdo_geometry)")]
    private static partial Regex ObjectType();
    [GeneratedRegex(@"^vector\(.*float64")] private static partial Regex Float64Vector();
}

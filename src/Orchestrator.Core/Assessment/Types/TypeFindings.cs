using System.Text.RegularExpressions;
using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Assessment.Types;

/// <summary>
/// The source types the type mapping cannot carry exactly (docs/type-mapping.md says how each is mapped), matched on
/// the type as the source declares it, plus decimals without precision that a scan proved to be integers.
/// </summary>
public static partial class TypeFindings
{
    sealed record Rule(string Dialect, Regex SourceType, string Severity, string Reason, string Fallback);

    static readonly Rule[] Rules =
    [
        new("sqlserver", SqlVariant(), TypeSeverity.Lossy, "the value's base type is not kept, only its text form", "text"),
        new("sqlserver", HierarchyId(), TypeSeverity.Lossy, "hierarchy methods (GetAncestor, IsDescendantOf) are lost; the path is kept as text", "text path '/1/2/' (ltree after conversion)"),
        new("sqlserver", Spatial(), TypeSeverity.Unsupported, "no spatial type without PostGIS", "PostGIS geometry/geography from WKB, else bytea"),
        new("sqlserver", SevenDigits(), TypeSeverity.Lossy, "PostgreSQL keeps microseconds: the 100 ns digit is truncated", "timestamp(6) / time(6) / timestamptz(6)"),
        new("sqlserver", DateTimeOffset(), TypeSeverity.Lossy, "the original UTC offset is not kept, only the instant", "timestamptz, plus an offset column if the offset matters"),
        new("sqlserver", RowVersion(), TypeSeverity.Lossy, "a row version that nothing maintains in PostgreSQL", "bytea (use xmin or an updated_at column for optimistic locking)"),
        new("oracle", OracleFineTimestamp(), TypeSeverity.Lossy, "PostgreSQL keeps microseconds: finer digits are truncated", "timestamp(6) / interval(6)"),
        new("oracle", OracleTimeZone(), TypeSeverity.Lossy, "the time zone region or offset is not kept, only the instant", "timestamptz, plus a zone column if it matters"),
        new("oracle", Bfile(), TypeSeverity.Unsupported, "a pointer to a file outside the database", "copy the files to Blob Storage and keep their names (an artifact rule)"),
        new("oracle", RowId(), TypeSeverity.Lossy, "a physical row address, meaningless in PostgreSQL", "text"),
        new("oracle", OracleObject(), TypeSeverity.Unsupported, "object types, collections, REF, ANYDATA and SDO_GEOMETRY have no mapping", "flatten into columns or jsonb in a view, and migrate the view's result"),
        new("oracle", Float64Vector(), TypeSeverity.Lossy, "FLOAT64 dimensions become float4 in pgvector", "vector (float4)"),
    ];

    public static IReadOnlyList<TypeFinding> For(string dialect, TableInfo table, IReadOnlyList<ColumnProfile> profiles)
    {
        var findings = new List<TypeFinding>();
        foreach (var p in profiles)
        {
            var target = table.Columns.FirstOrDefault(c => c.Name == p.Column)?.DataType ?? "(not carried)";
            var source = p.SourceType.Trim().ToLowerInvariant();
            foreach (var rule in Rules.Where(r => r.Dialect == dialect && r.SourceType.IsMatch(source)))
                findings.Add(new(table.Name.ToString(), p.Column, p.SourceType, target, rule.Severity, rule.Reason, rule.Fallback));
            if (UnboundedDecimal().IsMatch(source) && Narrowing(p) is var (reason, fallback))
                findings.Add(new(table.Name.ToString(), p.Column, p.SourceType, target, TypeSeverity.Narrowable, reason, fallback));
        }
        return findings;
    }

    // Mapping NUMBER without precision to bigint without proof is ora2pg's known failure (#767): narrow only on a scan.
    static (string Reason, string Fallback)? Narrowing(ColumnProfile p) => (p.IntegerOnly, p.Basis == ProfileBasis.Scan) switch
    {
        (true, true) => ("every value is an integer in bigint range (scan of all rows)", "bigint"),
        (false, true) => null,
        _ => ("declared without precision; run `migrator assess --scan` to prove whether it holds only integers", "numeric (as planned)"),
    };

    [GeneratedRegex(@"^sql_variant")] private static partial Regex SqlVariant();
    [GeneratedRegex(@"^hierarchyid")] private static partial Regex HierarchyId();
    [GeneratedRegex(@"^(geography|geometry)")] private static partial Regex Spatial();
    [GeneratedRegex(@"^(datetime2|time|datetimeoffset)\(7\)|^(datetime2|time|datetimeoffset)$")] private static partial Regex SevenDigits();
    [GeneratedRegex(@"^datetimeoffset")] private static partial Regex DateTimeOffset();
    [GeneratedRegex(@"^(timestamp|rowversion)$")] private static partial Regex RowVersion();
    [GeneratedRegex(@"^timestamp\([789]\)|^interval day(\(\d\))? to second\([789]\)")] private static partial Regex OracleFineTimestamp();
    [GeneratedRegex(@"^timestamp(\(\d\))? with time zone")] private static partial Regex OracleTimeZone();
    [GeneratedRegex(@"^bfile")] private static partial Regex Bfile();
    [GeneratedRegex(@"^u?rowid")] private static partial Regex RowId();
    [GeneratedRegex(@"^(object type|varray|nested table|ref\b|anydata|sys\.anydata|sdo_geometry|mdsys\.sdo_geometry)")] private static partial Regex OracleObject();
    [GeneratedRegex(@"^vector\(.*float64")] private static partial Regex Float64Vector();
    [GeneratedRegex(@"^(numeric|decimal|number)$")] private static partial Regex UnboundedDecimal();
}

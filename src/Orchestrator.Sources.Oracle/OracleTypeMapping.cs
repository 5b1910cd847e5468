using System.Text.RegularExpressions;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sources.Ado;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// A column's type as ALL_TAB_COLS describes it (DATA_TYPE, DATA_PRECISION, DATA_SCALE, DATA_LENGTH, CHAR_LENGTH, CHAR_USED).
/// </summary>
public sealed record OracleColumnType(string DataType, int? Precision = null, int? Scale = null, int DataLength = 0,
    int CharLength = 0, string? CharUsed = null, bool Identity = false);

/// <summary>Choices the user makes about the mapping (the lead wires them to the spec).</summary>
public sealed record OracleMappingOptions
{
    /// <summary>RAW(16) holds GUIDs (SYS_GUID()): move them to uuid, bytes in stored order. Otherwise bytea.</summary>
    public bool Raw16AsUuid { get; init; }

    public static OracleMappingOptions Default { get; } = new();
}

/// <summary>How the chunk SELECT reads a column and how the encoder turns what it reads into the target's field.</summary>
public enum OracleRead
{
    Integer, NumberText, BinaryFloat, BinaryDouble,
    DateText, TimestampText, TimestampUtcText, IntervalYearMonth, IntervalDaySecond,
    Text, LobText, Raw, LobBinary, RowId, Xml, Json, Vector, Boolean,
}

/// <summary>A mapped column: the target (type, encoding, loss), its validation family, how it is read, and CHAR(n) padding.</summary>
public sealed record OracleColumnMapping(ColumnMapping Mapping, TypeFamily Family, OracleRead Read, int? PadTo = null);

/// <summary>Oracle types to PostgreSQL types. Every choice and its reason is in docs/type-mapping.md.</summary>
public static partial class OracleTypeMapping
{
    public static OracleColumnMapping Map(OracleColumnType type, OracleMappingOptions? options = null)
    {
        options ??= OracleMappingOptions.Default;
        var name = type.DataType.Trim().ToUpperInvariant();
        switch (name)
        {
            case "NUMBER": return Number(type);
            // FLOAT(b) is a decimal NUMBER with b binary digits of precision, not an IEEE float: numeric keeps every digit.
            case "FLOAT": return Decimal("numeric", null, OracleRead.NumberText);
            case "BINARY_FLOAT": return new(new("real", ValueEncoding.Float4), TypeFamily.Float, OracleRead.BinaryFloat);
            case "BINARY_DOUBLE": return new(new("double precision", ValueEncoding.Float8), TypeFamily.Float, OracleRead.BinaryDouble);
            case "DATE": return new(new("timestamp(0)", ValueEncoding.Timestamp), TypeFamily.Temporal, OracleRead.DateText);
            case "CHAR" or "NCHAR":
                return new(new($"character({type.CharLength})", ValueEncoding.Text, LossNote: ByteSemantics(type)
                    ? "CHAR(n BYTE) becomes character(n): PostgreSQL pads to n characters where Oracle padded to " +
                        "n bytes (trailing blanks only)"
                    : null), TypeFamily.Text, OracleRead.Text, type.CharLength);
            case "VARCHAR2" or "NVARCHAR2" or "VARCHAR":
                return new(new($"varchar({type.CharLength})", ValueEncoding.Text), TypeFamily.Text, OracleRead.Text);
            case "CLOB" or "NCLOB" or "LONG": return new(new("text", ValueEncoding.Text), TypeFamily.Text, OracleRead.LobText);
            case "BLOB" or "LONG RAW": return new(new("bytea", ValueEncoding.Bytea), TypeFamily.Binary, OracleRead.LobBinary);
            case "RAW" when type.DataLength == 16 && options.Raw16AsUuid:
                return new(new("uuid", ValueEncoding.Uuid), TypeFamily.Uuid, OracleRead.Raw);
            case "RAW": return new(new("bytea", ValueEncoding.Bytea), TypeFamily.Binary, OracleRead.Raw);
            case "XMLTYPE": return new(new("xml", ValueEncoding.Xml,
                LossNote: "XMLTYPE is serialised as text: the XML is kept, Oracle's storage form (binary XML, object-relational) is not"),
                    TypeFamily.Xml, OracleRead.Xml);
            case "JSON": return new(new("jsonb", ValueEncoding.Jsonb,
                LossNote: "jsonb keeps the last of duplicate keys and does not keep key order or insignificant whitespace"),
                    TypeFamily.Json, OracleRead.Json);
            case "ROWID" or "UROWID": return new(new("text", ValueEncoding.Text,
                LossNote: "a ROWID is an address in the source database: kept as its text, it means nothing in the target"),
                    TypeFamily.Text, OracleRead.RowId);
            case "BOOLEAN": return new(new("boolean", ValueEncoding.Boolean), TypeFamily.Boolean, OracleRead.Boolean);
            case "VECTOR": return new(new("vector", ValueEncoding.Vector,
                LossNote: "pgvector stores float4: FLOAT64 dimensions are rounded to float4"), TypeFamily.Other, OracleRead.Vector);
            case "BFILE": throw new NotSupportedException(
                "BFILE is not supported: its value is a pointer to a file outside the database; copy the files to object storage " +
                "and migrate their names instead");
        }
        if (TimestampType().Match(name) is { Success: true } ts)
        {
            var digits = ts.Groups["p"].Success
                ? int.Parse(ts.Groups["p"].Value, System.Globalization.CultureInfo.InvariantCulture) : type.Scale ?? 6;
            var kept = Math.Min(digits, 6);
            var loss = digits > 6 ? $"TIMESTAMP({digits}) keeps microseconds: digits below a microsecond are truncated" : null;
            if (!ts.Groups["tz"].Success)
                return new(new($"timestamp({kept})", ValueEncoding.Timestamp, LossNote: loss), TypeFamily.Temporal,
                    OracleRead.TimestampText);
            var zone = ts.Groups["local"].Success ? null : "timestamptz keeps the instant, not the original time zone or offset";
            return new(new($"timestamptz({kept})", ValueEncoding.TimestampTz, LossNote: Join(loss, zone)), TypeFamily.Temporal,
                OracleRead.TimestampUtcText);
        }
        if (name.StartsWith("INTERVAL YEAR", StringComparison.Ordinal))
            return new(new("interval", ValueEncoding.Interval), TypeFamily.Temporal, OracleRead.IntervalYearMonth);
        if (name.StartsWith("INTERVAL DAY", StringComparison.Ordinal))
        {
            var digits = type.Scale ?? 6;
            return new(new($"interval({Math.Min(digits, 6)})", ValueEncoding.Interval,
                LossNote: digits > 6 ? "INTERVAL DAY TO SECOND keeps microseconds: digits below a microsecond are truncated" : null),
                TypeFamily.Temporal, OracleRead.IntervalDaySecond);
        }
        throw new NotSupportedException($"Oracle type {type.DataType} has no PostgreSQL mapping (object, collection, REF, ANYDATA and " +
            "spatial types are not supported yet)");
    }

    static OracleColumnMapping Number(OracleColumnType type)
    {
        if (type.Precision is not { } p)
        {
            // Identity columns must be integers in PostgreSQL; their values come from a sequence.
            if (type.Identity) return Integer(19, "an identity NUMBER becomes bigint: values beyond 9223372036854775807 would not fit");
            // NUMBER and NUMBER(*,0): never narrowed by default (ora2pg's bigint fails on decimals).
            return type.Scale == 0 ? Decimal("numeric(38,0)", 0, OracleRead.NumberText) : Decimal("numeric", null, OracleRead.NumberText);
        }
        var s = type.Scale ?? 0;
        if (s <= 0)
            return type.Identity && p - s > 18
                ? Integer(19, "an identity NUMBER becomes bigint: values beyond 9223372036854775807 would not fit")
                : Integer(p - s, null);
        // NUMBER(2,5) holds 0.00099 at most: numeric(s,s) holds it on every PostgreSQL version.
        return Decimal(s > p ? $"numeric({s},{s})" : $"numeric({p},{s})", s, OracleRead.NumberText);
    }

    static OracleColumnMapping Integer(int digits, string? loss) => digits switch
    {
        <= 4 => new(new("smallint", ValueEncoding.Int16, 0, loss), TypeFamily.Integer, OracleRead.Integer),
        <= 9 => new(new("integer", ValueEncoding.Int32, 0, loss), TypeFamily.Integer, OracleRead.Integer),
        <= 18 => new(new("bigint", ValueEncoding.Int64, 0, loss), TypeFamily.Integer, OracleRead.Integer),
        19 when loss is not null => new(new("bigint", ValueEncoding.Int64, 0, loss), TypeFamily.Integer, OracleRead.Integer),
        _ => Decimal($"numeric({digits},0)", 0, OracleRead.NumberText),
    };

    static OracleColumnMapping Decimal(string target, int? scale, OracleRead read) =>
        new(new(target, ValueEncoding.Numeric, scale), TypeFamily.Decimal, read);

    static bool ByteSemantics(OracleColumnType type) => type.CharUsed == "B" && type.DataType.Trim().ToUpperInvariant() == "CHAR";

    static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + "; " + b;

    [GeneratedRegex(@"^TIMESTAMP(\((?<p>\d)\))?(?<tz> WITH (?<local>LOCAL )?TIME ZONE)?$")]
    private static partial Regex TimestampType();
}

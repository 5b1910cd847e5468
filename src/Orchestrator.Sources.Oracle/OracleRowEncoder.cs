using System.Data.Common;
using System.Globalization;
using System.Text;
using Orchestrator.Core.Shapes;
using Orchestrator.Core.Sources.Ado;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Writes one row of a chunk SELECT (opened with CommandBehavior.SequentialAccess, columns read in order) as a
/// PostgreSQL binary COPY tuple. LOBs stream through GetChars/GetBytes into a bounded spool; nothing else is large.
/// </summary>
public sealed class OracleRowEncoder(IReadOnlyList<OracleReadColumn> columns)
{
    const int Piece = 8192;
    // PostgreSQL's own NaN (what 'NaN'::float4 / ::float8 stores), whatever bits the provider handed back.
    static readonly float Float4NaN = BitConverter.Int32BitsToSingle(0x7FC00000);
    static readonly double Float8NaN = BitConverter.Int64BitsToDouble(0x7FF8000000000000);

    readonly char[] _chars = new char[Piece];
    readonly byte[] _bytes = new byte[Encoding.UTF8.GetMaxByteCount(Piece) + 8];

    public async ValueTask WriteRowAsync(DbDataReader reader, CopyRowWriter writer, CancellationToken ct)
    {
        writer.StartRow(columns.Count);
        for (var i = 0; i < columns.Count; i++)
        {
            if (await reader.IsDBNullAsync(i, ct)) { writer.Null(); continue; }
            try
            {
                await WriteFieldAsync(reader, i, columns[i].Mapping, writer, ct);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or InvalidDataException
                                          or DecoderFallbackException or System.Text.Json.JsonException)
            {
                throw new InvalidDataException($"column {columns[i].Name} ({columns[i].Mapping.Mapping.TargetType}): {e.Message}", e);
            }
        }
        await writer.EndRowAsync(ct);
    }

    async ValueTask WriteFieldAsync(DbDataReader reader, int i, OracleColumnMapping column, CopyRowWriter writer, CancellationToken ct)
    {
        switch (column.Read)
        {
            case OracleRead.Integer:
                var value = ToInt64(reader.GetValue(i));
                switch (column.Mapping.Encoding)
                {
                    case ValueEncoding.Int16: writer.Int16Field(checked((short)value)); break;
                    case ValueEncoding.Int32: writer.Int32Field(checked((int)value)); break;
                    default: writer.Int64Field(value); break;
                }
                break;
            case OracleRead.NumberText:
                writer.Numeric(reader.GetString(i), column.Mapping.Scale);
                break;
            case OracleRead.BinaryFloat:
                var f = Convert.ToSingle(reader.GetValue(i), CultureInfo.InvariantCulture);
                writer.Float4(float.IsNaN(f) ? Float4NaN : f);
                break;
            case OracleRead.BinaryDouble:
                var d = Convert.ToDouble(reader.GetValue(i), CultureInfo.InvariantCulture);
                writer.Float8(double.IsNaN(d) ? Float8NaN : d);
                break;
            case OracleRead.DateText or OracleRead.TimestampText or OracleRead.TimestampUtcText:
                // timestamp and timestamptz travel as int64 microseconds since 2000-01-01: the same bytes as an int8 field.
                writer.Int64Field(OracleValueText.TimestampMicroseconds(reader.GetString(i)));
                break;
            case OracleRead.IntervalYearMonth:
                writer.Interval(0, 0, int.Parse(reader.GetString(i), CultureInfo.InvariantCulture));
                break;
            case OracleRead.IntervalDaySecond:
                var (days, micros) = OracleValueText.IntervalDaySecond(reader.GetString(i));
                writer.Interval(micros, days, 0);
                break;
            case OracleRead.Text or OracleRead.RowId:
                writer.Text(Checked(Pad(reader.GetString(i), column.PadTo)));
                break;
            case OracleRead.LobText or OracleRead.Xml:
                await WriteCharsAsync(reader, i, writer, ct);
                break;
            case OracleRead.Json:
                // jsonb's binary form is a version byte (1) and the text, staged as jsonb prints it so digests agree;
                // that needs the whole document, as PostgreSQL needs it to build the value.
                writer.Bytes([1, .. JsonbText.Canonical(Encoding.UTF8.GetBytes(Checked(ReadAll(reader, i))))]);
                break;
            case OracleRead.Raw:
                var raw = (byte[])reader.GetValue(i);
                if (column.Mapping.Encoding == ValueEncoding.Uuid && raw.Length != 16)
                    throw new InvalidDataException($"a RAW value of {raw.Length} bytes cannot become a uuid (16 bytes)");
                // uuid's binary form is its 16 bytes in order: RAW(16) from SYS_GUID() keeps its stored byte order.
                writer.Bytes(raw);
                break;
            case OracleRead.LobBinary:
                await WriteBytesAsync(reader, i, writer, ct);
                break;
            case OracleRead.Vector:
                writer.Vector(ParseVector(ReadAll(reader, i)));
                break;
            case OracleRead.Boolean:
                writer.Boolean(reader.GetValue(i) switch { bool b => b, var v => ToInt64(v) != 0 });
                break;
            default:
                throw new NotSupportedException($"no encoder for {column.Read}");
        }
    }

    static long ToInt64(object value) => value switch
    {
        long l => l,
        int n => n,
        short s => s,
        decimal m when decimal.Truncate(m) == m => checked((long)m),
        string text => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        IConvertible c => c.ToInt64(CultureInfo.InvariantCulture),
        _ => long.Parse(value.ToString()!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
    };

    // character(n) pads to n characters (not UTF-16 units); CHAR(n BYTE) came padded to n bytes.
    static string Pad(string value, int? length)
    {
        if (length is not { } n) return value;
        var trimmed = value.TrimEnd(' ');
        var chars = trimmed.EnumerateRunes().Count();
        return chars >= n ? trimmed : trimmed + new string(' ', n - chars);
    }

    static string Checked(string value) => value.Contains('\0')
        ? throw new InvalidDataException("the value holds a NUL character (U+0000), which PostgreSQL text cannot store")
        : value;

    async ValueTask WriteCharsAsync(DbDataReader reader, int i, CopyRowWriter writer, CancellationToken ct)
    {
        await using var spool = new ValueSpool();
        using var text = reader.GetTextReader(i);
        int read;
        while ((read = await text.ReadAsync(_chars.AsMemory(), ct)) > 0)
        {
            if (_chars.AsSpan(0, read).Contains('\0')) Checked("\0");
            await spool.WriteCharsAsync(_chars.AsMemory(0, read), final: false, ct);
        }
        await spool.WriteCharsAsync(ReadOnlyMemory<char>.Empty, final: true, ct);
        await writer.BytesAsync(spool.Rewind(), spool.Length, ct);
    }

    async ValueTask WriteBytesAsync(DbDataReader reader, int i, CopyRowWriter writer, CancellationToken ct)
    {
        await using var spool = new ValueSpool();
        await using var value = reader.GetStream(i);
        int read;
        while ((read = await value.ReadAsync(_bytes.AsMemory(0, Piece), ct)) > 0)
            await spool.WriteAsync(_bytes.AsMemory(0, read), ct);
        await writer.BytesAsync(spool.Rewind(), spool.Length, ct);
    }

    // Vectors are small (at most 65,535 dimensions) and JSON is parsed whole: read whole.
    static string ReadAll(DbDataReader reader, int i)
    {
        using var text = reader.GetTextReader(i);
        return text.ReadToEnd();
    }

    /// <summary>FROM_VECTOR's text, "[1.5E+000,-2.0E+000]": dense vectors only (a sparse vector's text is rejected).</summary>
    public static float[] ParseVector(string text)
    {
        var t = text.Trim();
        if (!t.StartsWith('[') || !t.EndsWith(']') || t.IndexOf('[', 1) >= 0)
            throw new FormatException($"'{(t.Length > 40 ? t[..40] + "..." : t)}' is not a dense vector");
        var body = t[1..^1];
        if (body.Trim().Length == 0) return [];
        return body.Split(',').Select(v => float.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
    }
}

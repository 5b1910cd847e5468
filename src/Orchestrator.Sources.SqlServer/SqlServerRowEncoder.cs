using System.Buffers;
using System.Data.Common;
using System.Data.SqlTypes;
using System.Text;
using System.Text.Json;
using Microsoft.Data.SqlClient;
using Orchestrator.Core.Shapes;
using Orchestrator.Core.Sources.Ado;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// Reads one row of a chunk SELECT (built from <see cref="SqlServerTypeMapping.SelectItems"/>, opened with
/// CommandBehavior.SequentialAccess) strictly in column order, each column once, and writes it as a binary COPY tuple
/// of the target types. LOBs stream: binary ones with their DATALENGTH read first, text ones re-encoded to UTF-8
/// through a bounded spool (their UTF-8 length is unknown until read). jsonb values are staged in the text form
/// PostgreSQL gives back (<see cref="JsonbText"/>), so the staged digest equals the target's.
/// </summary>
public sealed class SqlServerRowEncoder
{
    readonly string _table;
    readonly IReadOnlyList<SqlServerColumn> _columns;
    readonly ColumnMapping[] _mappings;
    readonly NulPolicy _nul;
    long _row;

    public SqlServerRowEncoder(string table, IReadOnlyList<SqlServerColumn> columns, NulPolicy nulPolicy = NulPolicy.Fail)
    {
        _table = table;
        _columns = columns;
        _mappings = columns.Select(SqlServerTypeMapping.Map).ToArray();
        _nul = nulPolicy;
    }

    /// <summary>The SELECT list this encoder reads, in order.</summary>
    public string SelectList => string.Join(", ", _columns.SelectMany(SqlServerTypeMapping.SelectItems));

    public async ValueTask WriteRowAsync(DbDataReader reader, CopyRowWriter writer, CancellationToken ct)
    {
        _row++;
        writer.StartRow(_columns.Count);
        var ordinal = 0;
        for (var i = 0; i < _columns.Count; i++)
            ordinal = await WriteFieldAsync(reader, ordinal, _columns[i], _mappings[i], writer, ct);
        await writer.EndRowAsync(ct);
    }

    async ValueTask<int> WriteFieldAsync(DbDataReader r, int o, SqlServerColumn c, ColumnMapping m, CopyRowWriter w, CancellationToken ct)
    {
        if (c.SourceType == "sql_variant")
        {
            if (r.IsDBNull(o)) w.Null();
            else { var baseType = r.GetString(o); WriteJsonb(VariantJson(c, baseType, r.GetValue(o + 1)), c, w); }
            return o + 2;
        }
        if (m.Encoding == ValueEncoding.Bytea && SqlServerTypeMapping.IsLob(c))
        {
            if (r.IsDBNull(o)) { w.Null(); return o + 2; }
            var length = Convert.ToInt64(r.GetValue(o), System.Globalization.CultureInfo.InvariantCulture);
            await using var stream = r.GetStream(o + 1);
            await w.BytesAsync(stream, length, ct);
            return o + 2;
        }
        if (r.IsDBNull(o)) { w.Null(); return o + 1; }
        switch (m.Encoding)
        {
            case ValueEncoding.Boolean: w.Boolean(r.GetBoolean(o)); break;
            case ValueEncoding.Int16: w.Int16Field(c.SourceType == "tinyint" ? r.GetByte(o) : r.GetInt16(o)); break;
            case ValueEncoding.Int32: w.Int32Field(r.GetInt32(o)); break;
            case ValueEncoding.Int64: w.Int64Field(r.GetInt64(o)); break;
            case ValueEncoding.Float4: w.Float4(r.GetFloat(o)); break;
            case ValueEncoding.Float8: w.Float8(r.GetDouble(o)); break;
            case ValueEncoding.Numeric:
                // decimal(38) exceeds System.Decimal: SqlDecimal keeps every digit. money and smallmoney fit a decimal.
                var text = r is SqlDataReader sql && c.SourceType is "decimal" or "numeric"
                    ? sql.GetSqlDecimal(o).ToString()
                    : SqlServerValueText.Numeric(r.GetDecimal(o), m.Scale ?? 0);
                w.Numeric(text, m.Scale);
                break;
            case ValueEncoding.Date: w.Date(DateOnly.FromDateTime(r.GetDateTime(o))); break;
            case ValueEncoding.Timestamp: w.Timestamp(SqlServerValueText.TruncateToMicroseconds(r.GetDateTime(o))); break;
            case ValueEncoding.TimestampTz:
                w.TimestampTz(SqlServerValueText.TruncateToMicroseconds(r.GetFieldValue<DateTimeOffset>(o)));
                break;
            case ValueEncoding.Time: w.Time(SqlServerValueText.TruncateToMicroseconds(r.GetFieldValue<TimeSpan>(o))); break;
            case ValueEncoding.Uuid: w.Uuid(r.GetGuid(o)); break;
            case ValueEncoding.Bytea: w.Bytes(r.GetFieldValue<byte[]>(o)); break;
            case ValueEncoding.Vector:
                if (r is SqlDataReader vectors) w.Vector(vectors.GetSqlVector<float>(o).Memory.Span);
                else w.Vector(r.GetFieldValue<float[]>(o));
                break;
            case ValueEncoding.Text or ValueEncoding.Xml when SqlServerTypeMapping.IsLob(c):
                await WriteLargeTextAsync(r.GetTextReader(o), c, w, ct);
                break;
            case ValueEncoding.Text or ValueEncoding.Xml: w.Text(CheckNul(r.GetString(o), c)); break;
            case ValueEncoding.Jsonb:
                // Canonical form needs the whole document, as PostgreSQL needs it to build the jsonb value.
                using (var json = r.GetTextReader(o)) WriteJsonb(CheckNul(await json.ReadToEndAsync(ct), c), c, w);
                break;
            default: throw new NotSupportedException($"{_table}.{c.Name}: no encoder for {m.Encoding}");
        }
        return o + 1;
    }

    async ValueTask WriteLargeTextAsync(TextReader text, SqlServerColumn c, CopyRowWriter w, CancellationToken ct)
    {
        await using var spool = new ValueSpool();
        var chars = ArrayPool<char>.Shared.Rent(8192);
        try
        {
            int read;
            while ((read = await text.ReadAsync(chars.AsMemory(0, 8192), ct)) > 0)
                await spool.WriteCharsAsync(CheckNul(chars.AsMemory(0, read), c), final: false, ct);
            await spool.WriteCharsAsync(ReadOnlyMemory<char>.Empty, final: true, ct);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            text.Dispose();
        }
        await w.BytesAsync(spool.Rewind(), spool.Length, ct);
    }

    /// <summary>jsonb's binary form (version 1, then the text) with the text as jsonb prints it.</summary>
    void WriteJsonb(string json, SqlServerColumn c, CopyRowWriter w)
    {
        byte[] canonical;
        try { canonical = JsonbText.Canonical(Encoding.UTF8.GetBytes(json)); }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{_table}.{c.Name}: row {_row} of the chunk is not valid JSON: {e.Message}", e);
        }
        w.Bytes([1, .. canonical]);
    }

    string CheckNul(string value, SqlServerColumn c) =>
        !value.Contains('\0') || _nul == NulPolicy.Reject ? value : _nul == NulPolicy.Strip ? value.Replace("\0", "") : throw NulError(c);

    ReadOnlyMemory<char> CheckNul(Memory<char> value, SqlServerColumn c)
    {
        // Reject: the NUL passes, and the chunk's reshaper refuses the whole row (NulGuardShaper).
        if (_nul == NulPolicy.Reject || value.Span.IndexOf('\0') < 0) return value;
        if (_nul != NulPolicy.Strip) throw NulError(c);
        var span = value.Span;
        var kept = 0;
        foreach (var ch in span) if (ch != '\0') span[kept++] = ch;
        return value[..kept];
    }

    InvalidDataException NulError(SqlServerColumn c) => new(
        $"{_table}.{c.Name}: row {_row} of the chunk holds a NUL character, which PostgreSQL text cannot store; " +
        "set source.nulCharacters to 'strip' to remove them or 'reject' to send such rows to the rejects, or clean the source value");

    /// <summary>{"type": base type, "value": value}: numbers stay JSON numbers, everything else PostgreSQL's text form.</summary>
    string VariantJson(SqlServerColumn c, string baseType, object value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", baseType);
            json.WritePropertyName("value");
            switch (value)
            {
                case bool b: json.WriteBooleanValue(b); break;
                case byte or short or int or long or decimal or SqlDecimal or double or float:
                    json.WriteRawValue(SqlServerValueText.Of(value, baseType)); break;
                case string s: json.WriteStringValue(CheckNul(s, c)); break;
                default: json.WriteStringValue(SqlServerValueText.Of(value, baseType)); break;
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Orchestrator.Core.Validation;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// A row key for people: the key columns and their values, from the bytes both sides' COPY streams carry. Integers
/// become JSON numbers, text, uuids, dates and times strings; a type without a reader here shows as \x and its hex.
/// </summary>
public static class KeyValues
{
    static readonly DateTime PostgresEpoch = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static JsonObject Json(RowKey key, IReadOnlyList<string> columns, IReadOnlyList<string> types, CopyFormat format)
    {
        var values = format == CopyFormat.Binary ? Binary(key.Bytes, types) : Text(key.Bytes, types);
        var json = new JsonObject();
        for (var i = 0; i < columns.Count; i++) json[columns[i]] = i < values.Count ? values[i] : null;
        return json;
    }

    static List<JsonNode?> Binary(byte[] bytes, IReadOnlyList<string> types)
    {
        var values = new List<JsonNode?>();
        var pos = 0;
        for (var i = 0; i < types.Count && pos + 4 <= bytes.Length; i++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(pos));
            pos += 4;
            if (length < 0) { values.Add(null); continue; }
            values.Add(Decode(bytes.AsSpan(pos, length), BaseType(types[i])));
            pos += length;
        }
        return values;
    }

    static JsonNode? Decode(ReadOnlySpan<byte> v, string type) => type switch
    {
        "smallint" when v.Length == 2 => BinaryPrimitives.ReadInt16BigEndian(v),
        "integer" when v.Length == 4 => BinaryPrimitives.ReadInt32BigEndian(v),
        "bigint" when v.Length == 8 => BinaryPrimitives.ReadInt64BigEndian(v),
        "boolean" when v.Length == 1 => v[0] != 0,
        "text" or "character varying" or "character" or "name" or "citext" => Encoding.UTF8.GetString(v),
        "uuid" when v.Length == 16 => new Guid(v, bigEndian: true).ToString(),
        "date" when v.Length == 4 => DateOnly.FromDateTime(PostgresEpoch.AddDays(BinaryPrimitives.ReadInt32BigEndian(v)))
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        "timestamp without time zone" when v.Length == 8 => Timestamp(v, ""),
        "timestamp with time zone" when v.Length == 8 => Timestamp(v, "+00"),
        "numeric" => Numeric(v),
        _ => "\\x" + Convert.ToHexStringLower(v),
    };

    static string Timestamp(ReadOnlySpan<byte> v, string zone)
    {
        var micros = BinaryPrimitives.ReadInt64BigEndian(v);
        var at = PostgresEpoch.AddTicks(micros * 10);
        return at.ToString(at.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.FFFFFF",
            CultureInfo.InvariantCulture) + zone;
    }

    // numeric's binary form: digit count, weight (of the first base-10000 digit), sign, display scale, digits.
    static JsonNode? Numeric(ReadOnlySpan<byte> v)
    {
        if (v.Length < 8) return "\\x" + Convert.ToHexStringLower(v);
        var (count, weight, sign, scale) = (BinaryPrimitives.ReadInt16BigEndian(v), BinaryPrimitives.ReadInt16BigEndian(v[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(v[4..]), BinaryPrimitives.ReadInt16BigEndian(v[6..]));
        if (sign == 0xC000) return "NaN";
        var text = new StringBuilder(sign == 0x4000 ? "-" : "");
        for (var w = Math.Max((int)weight, 0); w >= 0; w--)
        {
            var index = weight - w;
            var digit = index >= 0 && index < count ? BinaryPrimitives.ReadInt16BigEndian(v[(8 + index * 2)..]) : 0;
            text.Append(w == Math.Max((int)weight, 0) ? digit.ToString(CultureInfo.InvariantCulture)
                : digit.ToString("D4", CultureInfo.InvariantCulture));
        }
        if (scale > 0)
        {
            var fraction = new StringBuilder();
            for (var index = weight + 1; fraction.Length < scale; index++)
                fraction.Append((index >= 0 && index < count ? BinaryPrimitives.ReadInt16BigEndian(v[(8 + index * 2)..]) : 0)
                    .ToString("D4", CultureInfo.InvariantCulture));
            text.Append('.').Append(fraction.ToString(0, scale));
        }
        var result = text.ToString();
        return scale == 0 && long.TryParse(result, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) ? whole
            : result;
    }

    static List<JsonNode?> Text(byte[] bytes, IReadOnlyList<string> types)
    {
        var fields = Encoding.UTF8.GetString(bytes).Split('\t');
        return fields.Select((f, i) => f == "\\N" ? null : Typed(Unescape(f), i < types.Count ? BaseType(types[i]) : "")).ToList();
    }

    static JsonNode? Typed(string text, string type) =>
        type is "smallint" or "integer" or "bigint"
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : text;

    static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder();
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] != '\\' || i + 1 == field.Length) { text.Append(field[i]); continue; }
            var next = field[++i];
            text.Append(next switch { 't' => '\t', 'n' => '\n', 'r' => '\r', 'b' => '\b', 'f' => '\f', 'v' => '\v', _ => next });
        }
        return text.ToString();
    }

    /// <summary>The type's name without modifiers or schema: "timestamp(3) with time zone" is "timestamp with time zone".</summary>
    static string BaseType(string type)
    {
        var name = System.Text.RegularExpressions.Regex.Replace(type, @"\([^)]*\)", "").Trim();
        var dot = name.LastIndexOf('.');
        return (dot >= 0 ? name[(dot + 1)..] : name).Trim('"') switch
        {
            "int2" => "smallint", "int4" or "int" => "integer", "int8" => "bigint", "varchar" => "character varying",
            "bpchar" or "char" => "character", "bool" => "boolean", "timestamp" => "timestamp without time zone",
            "timestamptz" => "timestamp with time zone", "decimal" => "numeric",
            var other => other,
        };
    }
}

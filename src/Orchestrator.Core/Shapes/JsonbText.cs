using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// JSON text in the exact form PostgreSQL's jsonb gives back: object keys unique (the last wins) and ordered by
/// length then bytes, ", " and ": " separators, numbers as numeric prints them (1e2 → 100, 1.0e-2 → 0.010), strings
/// with escapes decoded and only what escape_json escapes. Staged values are written in this form, so a chunk read
/// back from the target has the digest it was staged with.
/// </summary>
public static class JsonbText
{
    public static byte[] Canonical(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 6400 });
        var text = new StringBuilder();
        Write(document.RootElement, text);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    static void Write(JsonElement e, StringBuilder text)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject()) members[p.Name] = p.Value;
                text.Append('{');
                var first = true;
                foreach (var (name, value) in members.OrderBy(m => Encoding.UTF8.GetByteCount(m.Key))
                             .ThenBy(m => Encoding.UTF8.GetBytes(m.Key), ByteOrder.Instance))
                {
                    if (!first) text.Append(", ");
                    first = false;
                    String(name, text);
                    text.Append(": ");
                    Write(value, text);
                }
                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    if (i++ > 0) text.Append(", ");
                    Write(item, text);
                }
                text.Append(']');
                break;
            case JsonValueKind.String: String(e.GetString()!, text); break;
            case JsonValueKind.Number: text.Append(Numeric(e.GetRawText())); break;
            case JsonValueKind.True: text.Append("true"); break;
            case JsonValueKind.False: text.Append("false"); break;
            default: text.Append("null"); break;
        }
    }

    /// <summary>escape_json: quote, backslash and the control characters; everything else as is.</summary>
    static void String(string value, StringBuilder text)
    {
        text.Append('"');
        foreach (var ch in value)
            switch (ch)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case < ' ': text.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(ch); break;
            }
        text.Append('"');
    }

    /// <summary>A JSON number as numeric_out prints it: no exponent, scale = fraction digits minus the exponent (at least 0).</summary>
    public static string Numeric(string raw)
    {
        var negative = raw.StartsWith('-');
        var body = negative ? raw[1..] : raw;
        var exponent = 0;
        var e = body.IndexOfAny(['e', 'E']);
        if (e >= 0) { exponent = int.Parse(body[(e + 1)..], CultureInfo.InvariantCulture); body = body[..e]; }
        var dot = body.IndexOf('.');
        var integer = dot < 0 ? body : body[..dot];
        var fraction = dot < 0 ? "" : body[(dot + 1)..];
        var scale = Math.Max(0, fraction.Length - exponent);
        // All digits with the decimal point moved by the exponent: value = digits × 10^(exponent - fraction length).
        var digits = (integer + fraction).TrimStart('0');
        var shift = exponent - fraction.Length; // power of ten applied to the digit string
        string whole, frac;
        if (shift >= 0) { whole = digits.Length == 0 ? "0" : digits + new string('0', shift); frac = ""; }
        else
        {
            var places = -shift;
            var padded = digits.PadLeft(places + 1, '0');
            whole = padded[..^places].TrimStart('0');
            frac = padded[^places..];
            if (whole.Length == 0) whole = "0";
        }
        frac = frac.Length >= scale ? frac[..scale] : frac.PadRight(scale, '0');
        var zero = whole.Trim('0').Length == 0 && frac.Trim('0').Length == 0;
        return (negative && !zero ? "-" : "") + whole + (scale > 0 ? "." + frac : "");
    }

    sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();
        public int Compare(byte[]? x, byte[]? y) => x!.AsSpan().SequenceCompareTo(y);
    }
}

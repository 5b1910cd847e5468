using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Orchestrator.Core.Spec;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// An embedding to pgvector: decoded from its source encoding, checked for its dimension and for values pgvector
/// refuses (NaN, infinity), written in vector_recv's binary form (int16 dimensions, int16 unused, big-endian floats)
/// or halfvec's. Norms are measured on the way, for the report.
/// </summary>
public sealed class VectorShaper(VectorRule rule) : FieldShaper
{
    public VectorNorms Norms { get; } = new();

    public override Shaped Shape(byte[]? value)
    {
        if (value is null) return Shaped.Null;
        float[] floats;
        try { floats = Decode(rule.From, value); }
        catch (FormatException e) { return Shaped.Refuse($"embedding is not {rule.From}: {e.Message}"); }
        if (floats.Length != rule.Dimensions)
            return Shaped.Refuse($"embedding has {floats.Length} dimensions, expected {rule.Dimensions}");
        for (var i = 0; i < floats.Length; i++)
            if (!float.IsFinite(floats[i]))
                return Shaped.Refuse($"embedding holds {floats[i].ToString(CultureInfo.InvariantCulture)} at position {i}; " +
                    "pgvector stores finite values only");
        if (rule.Type == "halfvec")
            for (var i = 0; i < floats.Length; i++)
                if (!Half.IsFinite((Half)floats[i]))
                    return Shaped.Refuse($"embedding value {floats[i].ToString(CultureInfo.InvariantCulture)} at " +
                        $"position {i} overflows halfvec");
        Norms.Add(floats, rule.Type == "halfvec");
        return new Shaped(Encode(floats, rule.Type));
    }

    public static byte[] Encode(float[] floats, string type)
    {
        var half = type == "halfvec";
        var bytes = new byte[4 + floats.Length * (half ? 2 : 4)];
        BinaryPrimitives.WriteInt16BigEndian(bytes, (short)floats.Length);
        for (var i = 0; i < floats.Length; i++)
            if (half) BinaryPrimitives.WriteHalfBigEndian(bytes.AsSpan(4 + i * 2), (Half)floats[i]);
            else BinaryPrimitives.WriteSingleBigEndian(bytes.AsSpan(4 + i * 4), floats[i]);
        return bytes;
    }

    public static float[] Decode(string from, byte[] value) => from switch
    {
        "float32le" => Binary(value, 4, (s) => BinaryPrimitives.ReadSingleLittleEndian(s)),
        "float32be" => Binary(value, 4, (s) => BinaryPrimitives.ReadSingleBigEndian(s)),
        // float64 narrows to float32: pgvector stores 32-bit floats (documented as lossy).
        "float64le" => Binary(value, 8, (s) => (float)BinaryPrimitives.ReadDoubleLittleEndian(s)),
        "float64be" => Binary(value, 8, (s) => (float)BinaryPrimitives.ReadDoubleBigEndian(s)),
        "json" => Json(StripJsonbVersion(value)),
        "csv" => Csv(Encoding.UTF8.GetString(value)),
        "array" => Array(value),
        "native" => Native(value),
        _ => throw new FormatException($"unknown encoding {from}"),
    };

    delegate float Reader(ReadOnlySpan<byte> bytes);

    static float[] Binary(byte[] value, int width, Reader read)
    {
        if (value.Length % width != 0)
            throw new FormatException($"{value.Length} bytes is not a whole number of {width}-byte floats");
        var floats = new float[value.Length / width];
        for (var i = 0; i < floats.Length; i++) floats[i] = read(value.AsSpan(i * width, width));
        return floats;
    }

    // A jsonb source column's binary form starts with a version byte (1); json and text are the text itself.
    static byte[] StripJsonbVersion(byte[] value) => value is [1, ..] ? value[1..] : value;

    static float[] Json(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        var floats = new List<float>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray) throw new FormatException("not a JSON array");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out var f))
                    throw new FormatException($"element {floats.Count} is not a number");
                floats.Add(f);
            }
            if (reader.Read()) throw new FormatException("text after the array");
        }
        catch (JsonException e) { throw new FormatException(e.Message); }
        return [.. floats];
    }

    static float[] Csv(string text)
    {
        var body = text.Trim();
        if (body.StartsWith('[') && body.EndsWith(']')) body = body[1..^1];
        if (body.Length == 0) return [];
        var parts = body.Split(',');
        var floats = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out floats[i]))
                throw new FormatException($"element {i} '{parts[i].Trim()}' is not a number");
        return floats;
    }

    /// <summary>A one-dimensional real[] or double precision[] in array_send's form; a NULL element is refused.</summary>
    static float[] Array(byte[] value)
    {
        var span = value.AsSpan();
        var dims = BinaryPrimitives.ReadInt32BigEndian(span);
        if (dims == 0) return [];
        if (dims != 1) throw new FormatException($"a {dims}-dimensional array is not a vector");
        var element = BinaryPrimitives.ReadInt32BigEndian(span[8..]);
        var count = BinaryPrimitives.ReadInt32BigEndian(span[12..]);
        var floats = new float[count];
        var at = 20;
        for (var i = 0; i < count; i++)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(span[at..]);
            at += 4;
            if (length < 0) throw new FormatException($"element {i} is NULL");
            floats[i] = element switch
            {
                700 => BinaryPrimitives.ReadSingleBigEndian(span[at..]),
                701 => (float)BinaryPrimitives.ReadDoubleBigEndian(span[at..]),
                _ => throw new FormatException($"element type oid {element} is neither real nor double precision"),
            };
            at += length;
        }
        return floats;
    }

    /// <summary>A pgvector vector (4-byte floats) or halfvec (2-byte) already: its binary form, read back.</summary>
    static float[] Native(byte[] value)
    {
        var dims = BinaryPrimitives.ReadInt16BigEndian(value);
        var width = (value.Length - 4) / Math.Max((int)dims, 1);
        var floats = new float[dims];
        for (var i = 0; i < dims; i++)
            floats[i] = width == 2 ? (float)BinaryPrimitives.ReadHalfBigEndian(value.AsSpan(4 + i * 2))
                : BinaryPrimitives.ReadSingleBigEndian(value.AsSpan(4 + i * 4));
        return floats;
    }
}

/// <summary>L2 norms of the vectors a chunk wrote, computed as pgvector's vector_norm does (double sum of squares).</summary>
public sealed class VectorNorms
{
    public long Count { get; private set; }
    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public double Sum { get; private set; }

    public void Add(float[] floats, bool half)
    {
        double squares = 0;
        foreach (var f in floats)
        {
            double v = half ? (double)(float)(Half)f : f;
            squares += v * v;
        }
        var norm = Math.Sqrt(squares);
        Count++;
        Sum += norm;
        Min = Math.Min(Min, norm);
        Max = Math.Max(Max, norm);
    }
}

using System.Buffers.Binary;
using System.Text;
using Orchestrator.Core.Shapes;
using Orchestrator.Core.Spec;

namespace Orchestrator.Tests.Shapes;

public class VectorShaperTests
{
    static byte[] Le(params float[] f) => f.SelectMany(BitConverter.GetBytes).ToArray();

    static float[] Stored(byte[] vector)
    {
        var dims = BinaryPrimitives.ReadInt16BigEndian(vector);
        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(vector.AsSpan(2)));
        return Enumerable.Range(0, dims).Select(i => BinaryPrimitives.ReadSingleBigEndian(vector.AsSpan(4 + i * 4))).ToArray();
    }

    [Fact]
    public void Float32_little_endian_becomes_pgvector_binary_bit_for_bit()
    {
        var shaper = new VectorShaper(new VectorRule { From = "float32le", Dimensions = 3 });
        var result = shaper.Shape(Le(0.1f, -2.5f, float.Epsilon));
        Assert.Null(result.Reject);
        Assert.Equal([0.1f, -2.5f, float.Epsilon], Stored(result.Value!));
        Assert.Equal(1, shaper.Norms.Count);
        Assert.Equal(Math.Sqrt(0.1f * (double)0.1f + 6.25), shaper.Norms.Max);
    }

    [Theory]
    [InlineData("float32be")]
    [InlineData("float64le")]
    [InlineData("float64be")]
    [InlineData("json")]
    [InlineData("csv")]
    public void Every_encoding_reads_the_same_floats(string from)
    {
        float[] floats = [1.5f, -0.25f, 3f];
        byte[] value = from switch
        {
            "float32be" => floats
                .SelectMany(f => { var b = new byte[4]; BinaryPrimitives.WriteSingleBigEndian(b, f); return b; }).ToArray(),
            "float64le" => floats.SelectMany(f => BitConverter.GetBytes((double)f)).ToArray(),
            "float64be" => floats
                .SelectMany(f => { var b = new byte[8]; BinaryPrimitives.WriteDoubleBigEndian(b, f); return b; }).ToArray(),
            "json" => "[1.5, -0.25, 3]"u8.ToArray(),
            _ => "[1.5,-0.25, 3]"u8.ToArray(),
        };
        Assert.Equal(floats, Stored(new VectorShaper(new VectorRule { From = from, Dimensions = 3 }).Shape(value).Value!));
    }

    [Fact]
    public void A_real_array_in_array_send_form_is_read_and_a_null_element_refused()
    {
        static byte[] Array(int oid, params float?[] items)
        {
            var b = new List<byte>();
            void I(int v) { var x = new byte[4]; BinaryPrimitives.WriteInt32BigEndian(x, v); b.AddRange(x); }
            I(1); I(items.Any(i => i is null) ? 1 : 0); I(oid); I(items.Length); I(1);
            foreach (var item in items)
                if (item is null) I(-1);
                else { I(4); var x = new byte[4]; BinaryPrimitives.WriteSingleBigEndian(x, item.Value); b.AddRange(x); }
            return [.. b];
        }
        var shaper = new VectorShaper(new VectorRule { From = "array", Dimensions = 2 });
        Assert.Equal([7f, 8f], Stored(shaper.Shape(Array(700, 7f, 8f)).Value!));
        Assert.Equal("embedding is not array: element 1 is NULL", shaper.Shape(Array(700, 7f, null)).Reject);
    }

    [Fact]
    public void Wrong_dimension_bad_bytes_and_non_finite_values_are_rejected_with_the_reason()
    {
        var shaper = new VectorShaper(new VectorRule { From = "float32le", Dimensions = 3 });
        Assert.Equal("embedding has 2 dimensions, expected 3", shaper.Shape(Le(1, 2)).Reject);
        Assert.Equal("embedding is not float32le: 7 bytes is not a whole number of 4-byte floats", shaper.Shape(new byte[7]).Reject);
        Assert.Equal("embedding holds Infinity at position 1; pgvector stores finite values only",
            shaper.Shape(Le(1, float.PositiveInfinity, 2)).Reject);
        Assert.Equal(0, shaper.Norms.Count);
        var json = new VectorShaper(new VectorRule { From = "json", Dimensions = 2 });
        Assert.StartsWith("embedding is not json: element 1 is not a number", json.Shape("[1, \"x\"]"u8.ToArray()).Reject);
        Assert.Null(shaper.Shape(null).Value);
    }

    [Fact]
    public void Halfvec_only_when_asked_and_overflow_is_refused()
    {
        var shaper = new VectorShaper(new VectorRule { From = "float32le", Dimensions = 2, Type = "halfvec" });
        var value = shaper.Shape(Le(1.5f, -2f)).Value!;
        Assert.Equal(8, value.Length);
        Assert.Equal((Half)(-2f), BinaryPrimitives.ReadHalfBigEndian(value.AsSpan(6)));
        Assert.Contains("overflows halfvec", shaper.Shape(Le(1f, 70000f)).Reject);
    }
}

public class PiiAndDocumentShaperTests
{
    static readonly byte[] Salt = "s"u8.ToArray();

    [Fact]
    public void Hash_and_tokenize_are_deterministic_and_salted()
    {
        var hash = new PiiShaper(new PiiRule { Transform = "hash" }, Salt);
        var text = Encoding.UTF8.GetString(hash.Shape("a@b.c"u8.ToArray()).Value!);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("sa@b.c"u8.ToArray())), text);
        Assert.NotEqual(text, Encoding.UTF8.GetString(new PiiShaper(new PiiRule(), "t"u8.ToArray()).Shape("a@b.c"u8.ToArray()).Value!));
        var token = Encoding.UTF8.GetString(new PiiShaper(new PiiRule { Transform = "tokenize" }, Salt).Shape("a@b.c"u8.ToArray()).Value!);
        Assert.Matches("^tok_[0-9a-f]{24}$", token);
        Assert.Equal("[redacted]",
            Encoding.UTF8.GetString(new PiiShaper(new PiiRule { Transform = "redact" }, null).Shape("x"u8.ToArray()).Value!));
        Assert.Null(new PiiShaper(new PiiRule { Transform = "null" }, null).Shape("x"u8.ToArray()).Value);
        Assert.Null(hash.Shape(null).Value);
    }

    [Theory]
    [InlineData("{\"b\": 1, \"a\": 2, \"b\": 3}", "{\"a\": 2, \"b\": 3}")]
    [InlineData("{\"long\":1,\"z\":[1e2,1.0e-2,-0,0.000,1E+3,2.50]}", "{\"z\": [100, 0.010, 0, 0.000, 1000, 2.50], \"long\": 1}")]
    [InlineData("\"\\u00e9\\/\\n\\u0001\"", "\"é/\\n\\u0001\"")]
    [InlineData("[true,false,null,{}]", "[true, false, null, {}]")]
    [InlineData("-12.5e-1", "-1.25")]
    public void Json_is_staged_in_the_form_jsonb_gives_back(string input, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(JsonbText.Canonical(Encoding.UTF8.GetBytes(input))));

    [Fact]
    public void Invalid_documents_are_rejected_or_kept_as_a_json_string()
    {
        var reject = new DocumentShaper(new DocumentRule(), sourceIsJsonb: false);
        Assert.StartsWith("not valid JSON:", reject.Shape("{\"a\": ["u8.ToArray()).Reject);
        Assert.StartsWith("not valid JSON: \\u0000", reject.Shape("{\"a\": \"x\\u0000\"}"u8.ToArray()).Reject);
        Assert.StartsWith("not valid JSON:", reject.Shape("{} trailing"u8.ToArray()).Reject);
        var keep = new DocumentShaper(new DocumentRule { Invalid = "text" }, sourceIsJsonb: false);
        Assert.Equal("\u0001\"not json\"", Encoding.UTF8.GetString(keep.Shape("not json"u8.ToArray()).Value!));
        Assert.Equal(1, keep.KeptAsText);
        var xml = new DocumentShaper(new DocumentRule { As = "xml" }, sourceIsJsonb: false);
        Assert.StartsWith("not well-formed XML:", xml.Shape("<a><b></a>"u8.ToArray()).Reject);
        Assert.Equal("text <b/> more", Encoding.UTF8.GetString(xml.Shape("text <b/> more"u8.ToArray()).Value!));
        Assert.Equal("<a/>", Encoding.UTF8.GetString(xml.Shape("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n <a/>"u8.ToArray()).Value!));
        Assert.Equal("<?xml version=\"1.0\" standalone=\"yes\"?><a/>",
            Encoding.UTF8.GetString(xml.Shape("<?xml version=\"1.0\" standalone=\"yes\"?><a/>"u8.ToArray()).Value!));
    }
}

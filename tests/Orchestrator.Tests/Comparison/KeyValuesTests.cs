using System.Text.Json.Nodes;
using Orchestrator.Core.Comparison;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Target;

namespace Orchestrator.Tests.Comparison;

public class KeyValuesTests
{
    static RowKey Key(Action<CopyRowWriter> fields)
    {
        var output = new MemoryStream();
        var writer = new CopyRowWriter(output);
        fields(writer);
        writer.FlushAsync(default).AsTask().GetAwaiter().GetResult();
        return new RowKey(output.ToArray());
    }

    [Fact]
    public void Binary_keys_of_common_types_read_as_people_write_them()
    {
        var key = Key(w =>
        {
            w.Int64Field(-9_000_000_000);
            w.Text("Zoë");
            w.Uuid(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"));
            w.Date(new DateOnly(2024, 2, 29));
            w.Timestamp(new DateTime(2024, 3, 17, 12, 0, 0, 250));
            w.TimestampTz(new DateTimeOffset(2024, 3, 17, 12, 0, 0, TimeSpan.Zero));
            w.Numeric(12.50m, 2);
            w.Numeric(-0.0001m, 4);
            w.Numeric(123456789012m, 0);
            w.Null();
        });
        string[] types = ["bigint", "character varying(20)", "uuid", "date", "timestamp(3) without time zone", "timestamptz",
            "numeric(10,2)", "numeric",
            "decimal(20,0)", "integer"];
        var json = KeyValues.Json(key, types.Select((_, i) => "k" + i).ToList(), types, CopyFormat.Binary);
        Assert.Equal(
            """{"k0":-9000000000,"k1":"Zoë","k2":"0f8fad5b-d9cb-469f-a165-70867728950e","k3":"2024-02-29","k4":"2024-03-17 """ +
            """12:00:00.25","k5":"2024-03-17 12:00:00+00","k6":"12.50","k7":"-0.0001","k8":123456789012,"k9":null}""",
            json.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public void Types_without_a_reader_show_their_bytes()
    {
        var json = KeyValues.Json(Key(w => w.Bytes([0xde, 0xad])), ["blob"], ["bytea"], CopyFormat.Binary);
        Assert.Equal("\\xdead", json["blob"]!.GetValue<string>());
    }

    [Fact]
    public void Text_keys_unescape_and_integers_are_numbers()
    {
        var json = KeyValues.Json(
            new RowKey("42\ta\\tb\\\\c\t\\N"u8.ToArray()), ["id", "name", "other"], ["integer", "text", "text"], CopyFormat.Text);
        Assert.Equal(42, json["id"]!.GetValue<long>());
        Assert.Equal("a\tb\\c", json["name"]!.GetValue<string>());
        Assert.Null(json["other"]);
        Assert.True(json.ContainsKey("other"));
    }
}

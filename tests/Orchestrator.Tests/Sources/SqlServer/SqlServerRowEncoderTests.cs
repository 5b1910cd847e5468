using System.Data;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Sources.SqlServer;

namespace Orchestrator.Tests.Sources.SqlServer;

public class SqlServerRowEncoderTests
{
    static SqlServerColumn Col(string type, short maxLength = 0, byte precision = 0, byte scale = 0) =>
        new() { Name = "v", SourceType = type, MaxLength = maxLength, Precision = precision, Scale = scale };

    /// <summary>The bytes of the one field the encoder writes for a single-column row (after header and field count).</summary>
    static async Task<byte[]> FieldAsync(SqlServerColumn column, object?[] selectValues, Type[] types, NulPolicy nul = NulPolicy.Fail)
    {
        var table = new DataTable();
        for (var i = 0; i < types.Length; i++) table.Columns.Add("c" + i, types[i]);
        table.Rows.Add(selectValues.Select(v => v ?? DBNull.Value).ToArray());
        using var reader = table.CreateDataReader();
        reader.Read();
        var output = new MemoryStream();
        var writer = new CopyRowWriter(output);
        await new SqlServerRowEncoder("dbo.t", [column], nul).WriteRowAsync(reader, writer, default);
        await writer.FlushAsync(default);
        return output.ToArray()[2..];
    }

    static Task<byte[]> FieldAsync(SqlServerColumn column, object? value, Type type, NulPolicy nul = NulPolicy.Fail) =>
        FieldAsync(column, [value], [type], nul);

    static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public async Task Bit_is_boolean() => Assert.Equal(Hex("00000001 01"), await FieldAsync(Col("bit"), true, typeof(bool)));

    [Fact]
    public async Task Tinyint_widens_to_smallint() =>
        Assert.Equal(Hex("00000002 00FF"), await FieldAsync(Col("tinyint"), (byte)255, typeof(byte)));

    [Fact]
    public async Task Int_types_keep_their_width()
    {
        Assert.Equal(Hex("00000002 8000"), await FieldAsync(Col("smallint"), short.MinValue, typeof(short)));
        Assert.Equal(Hex("00000004 7FFFFFFF"), await FieldAsync(Col("int"), int.MaxValue, typeof(int)));
        Assert.Equal(Hex("00000008 8000000000000000"), await FieldAsync(Col("bigint"), long.MinValue, typeof(long)));
    }

    [Fact]
    public async Task Null_is_minus_one_length() => Assert.Equal(Hex("FFFFFFFF"), await FieldAsync(Col("int"), null, typeof(int)));

    [Fact]
    public async Task Money_is_numeric_with_scale_four()
    {
        // 922337203685477.5807 (money's max): weight 3, dscale 4, digits 922 3372 0368 5477 5807.
        Assert.Equal(Hex("00000012 0005 0003 0000 0004 039A 0D2C 0170 1565 16AF"),
            await FieldAsync(Col("money"), 922337203685477.5807m, typeof(decimal)));
    }

    [Fact]
    public async Task Decimal_keeps_its_declared_scale() =>
        // -1.50 as numeric(5,2): 1 digit group... digits 0001 5000, weight 0, sign 0x4000, dscale 2.
        Assert.Equal(Hex("0000000C 0002 0000 4000 0002 0001 1388"),
            await FieldAsync(Col("decimal", precision: 5, scale: 2), -1.5m, typeof(decimal)));

    [Fact]
    public async Task Floats_keep_their_bits()
    {
        Assert.Equal(Hex("00000008 3FB999999999999A"), await FieldAsync(Col("float"), 0.1, typeof(double)));
        Assert.Equal(Hex("00000004 3DCCCCCD"), await FieldAsync(Col("real"), 0.1f, typeof(float)));
    }

    [Fact]
    public async Task Uniqueidentifier_is_written_in_rfc4122_order()
    {
        // SQL Server sends the first three groups little-endian; SqlClient's Guid(byte[]) reads them so, and the uuid
        // PostgreSQL gets must print as SQL Server prints the value.
        var wire = Hex("33221100 5544 7766 8899 AABBCCDDEEFF");
        var guid = new Guid(wire);
        Assert.Equal("00112233-4455-6677-8899-aabbccddeeff", guid.ToString());
        Assert.Equal(Hex("00000010 00112233445566778899AABBCCDDEEFF"), await FieldAsync(Col("uniqueidentifier"), guid, typeof(Guid)));
    }

    [Fact]
    public async Task Datetime2_seventh_digit_is_truncated()
    {
        // 2000-01-01 00:00:00.0000019 -> 1 microsecond (not rounded to 2).
        var value = new DateTime(2000, 1, 1).AddTicks(19);
        Assert.Equal(Hex("00000008 0000000000000001"), await FieldAsync(Col("datetime2", scale: 7), value, typeof(DateTime)));
    }

    [Fact]
    public async Task Truncation_goes_down_before_2000_too()
    {
        // 1999-12-31 23:59:59.9999995 must become ...59.999999 (-1 µs), never 2000-01-01.
        var value = new DateTime(2000, 1, 1).AddTicks(-5);
        Assert.Equal(Hex("00000008 FFFFFFFFFFFFFFFF"), await FieldAsync(Col("datetime2", scale: 7), value, typeof(DateTime)));
    }

    [Fact]
    public async Task Datetimeoffset_becomes_the_utc_instant()
    {
        var value = new DateTimeOffset(2000, 1, 1, 2, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(Hex("00000008 0000000000000000"), await FieldAsync(Col("datetimeoffset", scale: 7), value, typeof(DateTimeOffset)));
    }

    [Fact]
    public async Task Date_and_time()
    {
        Assert.Equal(Hex("00000004 FFFFFFFF"), await FieldAsync(Col("date"), new DateTime(1999, 12, 31), typeof(DateTime)));
        Assert.Equal(Hex("00000008 0000000000000001"), await FieldAsync(Col("time", scale: 7), TimeSpan.FromTicks(19), typeof(TimeSpan)));
    }

    [Fact]
    public async Task Strings_are_utf8()
    {
        Assert.Equal(Hex("00000002 C3A9"), await FieldAsync(Col("nvarchar", 20), "é", typeof(string)));
        Assert.Equal(Hex("00000005 C3A9 E282AC"), await FieldAsync(Col("nvarchar", 20), "é€", typeof(string)));
    }

    [Fact]
    public async Task Nul_in_a_string_fails_by_default_and_names_the_column()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => FieldAsync(Col("varchar", 10), "a\0b", typeof(string)));
        Assert.Contains("dbo.t.v", error.Message);
        Assert.Contains("strip", error.Message);
    }

    [Fact]
    public async Task Nul_is_removed_with_strip()
    {
        Assert.Equal(Hex("00000002 6162"), await FieldAsync(Col("varchar", 10), "a\0b", typeof(string), NulPolicy.Strip));
        Assert.Equal(Hex("00000002 6162"), await FieldAsync(Col("nvarchar", -1), "a\0b", typeof(string), NulPolicy.Strip));
    }

    [Fact]
    public async Task Nul_passes_through_with_reject_for_the_reshaper_to_refuse_the_row()
    {
        var value = await FieldAsync(Col("nvarchar", -1), "a\0b", typeof(string), NulPolicy.Reject);
        Assert.Equal(Hex("00000003 610062"), value);
        var guard = new Orchestrator.Core.Shapes.NulGuardShaper();
        Assert.Equal("holds a NUL character at byte 1, which PostgreSQL text cannot store (source.nulCharacters: reject)",
            guard.Shape(value[4..]).Reject);
        Assert.Equal("ab"u8.ToArray(), guard.Shape("ab"u8.ToArray()).Value);
    }

    [Fact]
    public async Task Max_text_streams_through_the_spool_with_its_utf8_length()
    {
        var big = new string('é', 700_000); // 1.4 MB of UTF-8: spills to a temporary file
        var field = await FieldAsync(Col("nvarchar", -1), big, typeof(string));
        Assert.Equal(Hex("00155CC0"), field[..4]);
        Assert.Equal(1_400_000, field.Length - 4);
        Assert.Equal(big, System.Text.Encoding.UTF8.GetString(field, 4, field.Length - 4));
    }

    [Fact]
    public async Task Max_binary_reads_its_datalength_first_then_streams()
    {
        var bytes = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        var field = await FieldAsync(Col("varbinary", -1), [300_000L, bytes], [typeof(long), typeof(byte[])]);
        Assert.Equal(Hex("000493E0"), field[..4]);
        Assert.Equal(bytes, field[4..]);
    }

    [Fact]
    public async Task Json_is_jsonb_version_one_in_the_form_jsonb_prints()
    {
        Assert.Equal(Hex("00000009 01 7B2261223A20317D"), await FieldAsync(Col("json", -1), "{\"a\":1}", typeof(string)));
        var field = await FieldAsync(Col("json", -1), """{ "bb": 1e2, "a": [1.0, true], "bb": "last" }""", typeof(string));
        Assert.Equal("""{"a": [1.0, true], "bb": "last"}""", System.Text.Encoding.UTF8.GetString(field, 5, field.Length - 5));
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => FieldAsync(Col("json", -1), "{oops", typeof(string)));
        Assert.Contains("dbo.t.v: row 1", error.Message);
    }

    [Fact]
    public async Task Sql_variant_keeps_its_base_type_in_the_form_jsonb_prints()
    {
        var field = await FieldAsync(Col("sql_variant"), ["decimal", 12.50m], [typeof(string), typeof(decimal)]);
        Assert.Equal(1, field[4]);
        Assert.Equal("{\"type\": \"decimal\", \"value\": 12.50}", System.Text.Encoding.UTF8.GetString(field, 5, field.Length - 5));
        var date = await FieldAsync(Col("sql_variant"), ["datetime2", new DateTime(2024, 2, 29, 13, 5, 0)],
            [typeof(string), typeof(DateTime)]);
        Assert.Equal("{\"type\": \"datetime2\", \"value\": \"2024-02-29 13:05:00\"}",
            System.Text.Encoding.UTF8.GetString(date, 5, date.Length - 5));
        var number = await FieldAsync(Col("sql_variant"), ["float", 1e20], [typeof(string), typeof(double)]);
        Assert.Equal("{\"type\": \"float\", \"value\": 100000000000000000000}",
            System.Text.Encoding.UTF8.GetString(number, 5, number.Length - 5));
        Assert.Equal(Hex("FFFFFFFF"), await FieldAsync(Col("sql_variant"), [null, null], [typeof(string), typeof(int)]));
    }

    [Fact]
    public async Task Vector_is_pgvector_binary()
    {
        var field = await FieldAsync(Col("vector", 16), new[] { 1f, -2f }, typeof(float[]));
        Assert.Equal(Hex("0000000C 0002 0000 3F800000 C0000000"), field);
    }

    [Fact]
    public async Task Rowversion_and_binary_are_bytea() =>
        Assert.Equal(Hex("00000008 00000000000007D1"), await FieldAsync(Col("timestamp", 8), Hex("00000000000007D1"), typeof(byte[])));
}

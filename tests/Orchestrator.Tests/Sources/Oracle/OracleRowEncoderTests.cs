using System.Data;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Sources.Oracle;

namespace Orchestrator.Tests.Sources.Oracle;

public class OracleRowEncoderTests
{
    static async Task<string> Field(
        string oracleType, Type clrType, object? value, int? p = null, int? s = null, int chars = 0, string? used = null, bool uuid = false,
        int length = 0)
    {
        var mapping = OracleTypeMapping.Map(
            new OracleColumnType(oracleType, p, s, length, chars, used), new OracleMappingOptions { Raw16AsUuid = uuid });
        var table = new DataTable();
        table.Columns.Add("C", clrType);
        table.Rows.Add(value ?? DBNull.Value);
        using var output = new MemoryStream();
        var writer = new CopyRowWriter(output);
        using (var reader = table.CreateDataReader())
        {
            reader.Read();
            await new OracleRowEncoder([new OracleReadColumn("C", mapping)]).WriteRowAsync(reader, writer, CancellationToken.None);
        }
        await writer.FlushAsync(CancellationToken.None);
        var bytes = output.ToArray();
        Assert.Equal(new byte[] { 0, 1 }, bytes[..2]);
        return Convert.ToHexString(bytes[2..]);
    }

    [Fact]
    public async Task Integers_by_precision()
    {
        Assert.Equal("000000027FFF", await Field("NUMBER", typeof(decimal), 32767m, 4, 0));
        Assert.Equal("00000004FFFFFFFF", await Field("NUMBER", typeof(decimal), -1m, 9, 0));
        Assert.Equal("000000087FFFFFFFFFFFFFFF", await Field("NUMBER", typeof(long), long.MaxValue, 18, 0));
        await Assert.ThrowsAsync<InvalidDataException>(() => Field("NUMBER", typeof(decimal), 40000m, 4, 0));
    }

    [Fact]
    public async Task Numbers_travel_as_text_and_keep_every_digit()
    {
        // numeric 0.5 with display scale 2: ndigits 1, weight -1, sign +, dscale 2, digit 5000.
        Assert.Equal("0000000A" + "0001FFFF00000002" + "1388", await Field("NUMBER", typeof(string), ".5", 10, 2));
        // NUMBER(38): 38 nines, beyond System.Decimal.
        var big = new string('9', 38);
        var hex = await Field("NUMBER", typeof(string), big, 38, 0);
        Assert.StartsWith("0000001C" + "000A0009" + "0000" + "0000" + "0063" + "270F", hex);
        // Unconstrained NUMBER keeps the written scale (Oracle's TM9 text drops trailing zeros).
        Assert.Equal("0000000C" + "0002000000000001" + "0001" + "03E8", await Field("NUMBER", typeof(string), "1.1"));
        Assert.Equal("0000000A" + "0001000040000000" + "0007", await Field("NUMBER", typeof(string), "-7"));
    }

    [Fact]
    public async Task Binary_floats_keep_nan_and_infinities()
    {
        Assert.Equal("000000047FC00000", await Field("BINARY_FLOAT", typeof(float), float.NaN));
        Assert.Equal("000000047F800000", await Field("BINARY_FLOAT", typeof(float), float.PositiveInfinity));
        Assert.Equal("00000004FF800000", await Field("BINARY_FLOAT", typeof(float), float.NegativeInfinity));
        Assert.Equal("000000087FF8000000000000", await Field("BINARY_DOUBLE", typeof(double), double.NaN));
        Assert.Equal("00000008FFF0000000000000", await Field("BINARY_DOUBLE", typeof(double), double.NegativeInfinity));
        Assert.Equal("000000083FF8000000000000", await Field("BINARY_DOUBLE", typeof(double), 1.5));
    }

    [Fact]
    public async Task Dates_and_timestamps_are_microseconds_since_2000()
    {
        Assert.Equal("000000080000000000000000", await Field("DATE", typeof(string), " 2000-01-01 00:00:00"));
        // 2000-01-02 00:00:01 = 86,401 s.
        Assert.Equal("00000008" + (86_401L * 1_000_000).ToString("X16"), await Field("DATE", typeof(string), " 2000-01-02 00:00:01"));
        // Nine fraction digits: the 7th onwards are truncated.
        Assert.Equal("00000008" + 1_234_567L.ToString("X16"),
            await Field("TIMESTAMP(9)", typeof(string), " 2000-01-01 00:00:01.234567999"));
        Assert.Equal("00000008" + (-1L).ToString("X16"), await Field("TIMESTAMP(6)", typeof(string), " 1999-12-31 23:59:59.999999"));
        Assert.Equal("00000008" + 0L.ToString("X16"),
            await Field("TIMESTAMP(6) WITH TIME ZONE", typeof(string), " 2000-01-01 00:00:00.000000000"));
    }

    [Fact]
    public void Bc_dates_use_the_proleptic_calendar_without_year_zero()
    {
        // Oracle -0001-01-01 is 1 BC: PostgreSQL '0001-01-01 BC' = 730,485 days before 2000-01-01.
        Assert.Equal(-730_485L * 86_400_000_000L, OracleValueText.TimestampMicroseconds("-0001-01-01 00:00:00"));
        Assert.Equal(-4_713 + 1, -4_712); // Oracle's earliest year is 4712 BC, inside PostgreSQL's range (4713 BC).
        Assert.Equal("0001-01-01 00:00:00 BC", OracleValueText.PgTimestamp("-0001-01-01 00:00:00.000000000", false));
        Assert.Equal("9999-12-31 23:59:59.5+00", OracleValueText.PgTimestamp(" 9999-12-31 23:59:59.500000000", true));
    }

    [Fact]
    public async Task Intervals_carry_months_or_days_and_microseconds()
    {
        Assert.Equal("00000010" + "0000000000000000" + "00000000" + "0000000E",
            await Field("INTERVAL YEAR(2) TO MONTH", typeof(string), "14"));
        Assert.Equal("00000010" + 10_800_500_000L.ToString("X16") + "00000005" + "00000000",
            await Field("INTERVAL DAY(2) TO SECOND(6)", typeof(string), "5 10800500000", 2, 6));
        Assert.Equal("00000010" + (-1L).ToString("X16") + "FFFFFFFF" + "00000000",
            await Field("INTERVAL DAY(2) TO SECOND(6)", typeof(string), "-1 -1", 2, 6));
    }

    [Fact]
    public async Task Text_is_utf8_and_character_n_is_padded_in_characters()
    {
        Assert.Equal("00000002C3A9", await Field("VARCHAR2", typeof(string), "é", chars: 10, used: "C"));
        // CHAR(4 BYTE) 'é  ' (2 bytes + 2 blanks) becomes 'é' + 3 blanks: 4 characters as PostgreSQL pads.
        Assert.Equal("00000005C3A9202020", await Field("CHAR", typeof(string), "é  ", chars: 4, used: "B"));
        await Assert.ThrowsAsync<InvalidDataException>(() => Field("VARCHAR2", typeof(string), "a\0b", chars: 10));
    }

    [Fact]
    public async Task Oracle_empty_string_arrives_as_null()
    {
        Assert.Equal("FFFFFFFF", await Field("VARCHAR2", typeof(string), null, chars: 10));
    }

    [Fact]
    public async Task Lobs_stream_with_their_length_first()
    {
        var large = new string('x', 3 << 20) + "é";
        var hex = await Field("CLOB", typeof(string), large);
        Assert.StartsWith(((3 << 20) + 2).ToString("X8"), hex);
        Assert.EndsWith("78C3A9", hex);
        Assert.Equal("00000003010203", await Field("BLOB", typeof(byte[]), new byte[] { 1, 2, 3 }));
        Assert.Equal("00000000", await Field("BLOB", typeof(byte[]), Array.Empty<byte>()));
        Assert.Equal("00000002C3A9", await Field("NCLOB", typeof(string), "é"));
    }

    [Fact]
    public async Task Raw_json_xml_rowid_vector_and_boolean()
    {
        var guid = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
        Assert.Equal("00000010" + "00112233445566778899AABBCCDDEEFF", await Field("RAW", typeof(byte[]), guid, length: 16, uuid: true));
        Assert.Equal("00000002ABCD", await Field("RAW", typeof(byte[]), new byte[] { 0xAB, 0xCD }, length: 16));
        await Assert.ThrowsAsync<InvalidDataException>(() => Field("RAW", typeof(byte[]), new byte[] { 1 }, length: 16, uuid: true));
        Assert.Equal("00000003" + "01" + "7B7D", await Field("JSON", typeof(string), "{}"));
        // Staged as jsonb prints it: keys by length then bytes, ", " and ": ", numbers as numeric prints them.
        Assert.Equal("0000001B" + "01" + Convert.ToHexString("""{"a": [1.0, 200], "bb": 2}"""u8),
            await Field("JSON", typeof(string), """{"bb":1,"a":[1.0,2e2],"bb":2}"""));
        Assert.Equal("00000004" + "3C612F3E", await Field("XMLTYPE", typeof(string), "<a/>"));
        Assert.Equal("00000012" + Convert.ToHexString("AAAR3sAAEAAAACXAAA"u8), await Field("ROWID", typeof(string), "AAAR3sAAEAAAACXAAA"));
        Assert.Equal("0000000C" + "0002" + "0000" + "3FC00000" + "C0000000", await Field("VECTOR", typeof(string), "[1.5E+000,-2.0E+000]"));
        Assert.Equal("0000000101", await Field("BOOLEAN", typeof(bool), true));
        Assert.Equal("0000000100", await Field("BOOLEAN", typeof(decimal), 0m));
    }
}

using Orchestrator.Core.Catalog;
using Orchestrator.Core.Validation;

namespace Orchestrator.Tests.Validation;

public class StreamMeasuresTests
{
    static readonly (int, string?)[] Rows = [(7, "seven"), (-3, null), (12, ""), (5, "fünf")];

    static ColumnInfo Column(string name, TypeFamily family) => new() { Name = name, DataType = "x", Family = family };

    static readonly StreamMeasurePlan IdAndText = StreamMeasurePlan.For(["id", "t"],
        [Column("id", TypeFamily.Integer), Column("t", TypeFamily.Text)],
        new Dictionary<string, string> { ["id"] = "int4", ["t"] = "text" }, utf8: true);

    static IReadOnlyDictionary<string, string> Measure(byte[] stream, int bufferSize, StreamMeasurePlan plan)
    {
        var measures = new StreamMeasures(plan);
        var digester = new CopyStreamDigester(measures);
        for (var i = 0; i < stream.Length; i += bufferSize)
            digester.Append(stream.AsSpan(i, Math.Min(bufferSize, stream.Length - i)));
        return measures.Measures(digester.Finish().Rows);
    }

    [Fact]
    public void Measures_integers_and_text_lengths_as_the_sql_probe_names_them()
    {
        var measures = Measure(CopyStreamDigesterTests.CopyStream(Rows), 1 << 16, IdAndText);
        Assert.Equal(new Dictionary<string, string>
        {
            ["rows"] = "4",
            ["id.nonnull"] = "4", ["id.min"] = "-3", ["id.max"] = "12", ["id.sum"] = "21",
            ["t.nonnull"] = "3", ["t.bytes"] = "10", // "fünf" is 5 bytes of UTF-8
        }, measures);
    }

    [Fact]
    public void Every_buffer_split_gives_the_same_measures_and_digest()
    {
        // Values split across buffers are gathered before they are measured.
        var stream = CopyStreamDigesterTests.CopyStream(Rows);
        var whole = Measure(stream, stream.Length, IdAndText);
        for (var size = 1; size < 24; size++) Assert.Equal(whole, Measure(stream, size, IdAndText));
        var observed = new CopyStreamDigester(new StreamMeasures(IdAndText));
        observed.Append(stream);
        var plain = new CopyStreamDigester();
        plain.Append(stream);
        Assert.Equal(plain.Finish(), observed.Finish());
    }

    [Fact]
    public void Streams_over_parts_of_a_table_add_up_to_the_whole()
    {
        var first = new StreamMeasures(IdAndText);
        new CopyStreamDigester(first).Append(CopyStreamDigesterTests.CopyStream(Rows[..2]));
        var second = new StreamMeasures(IdAndText);
        new CopyStreamDigester(second).Append(CopyStreamDigesterTests.CopyStream(Rows[2..]));
        first.Add(second);
        Assert.Equal(Measure(CopyStreamDigesterTests.CopyStream(Rows), 1 << 16, IdAndText), first.Measures(4));
    }

    [Fact]
    public void A_column_of_only_nulls_has_null_extremes_and_sums_like_sql()
    {
        var measures = Measure(CopyStreamDigesterTests.CopyStream([(1, null), (2, null)]), 5, IdAndText);
        Assert.Equal("0", measures["t.nonnull"]);
        Assert.Equal("null", measures["t.bytes"]);
        var empty = Measure(CopyStreamDigesterTests.CopyStream([]), 5, IdAndText);
        Assert.Equal(("0", "null", "null", "null"), (empty["id.nonnull"], empty["id.min"], empty["id.max"], empty["id.sum"]));
    }

    [Fact]
    public void A_value_of_the_wrong_width_is_reported_with_its_column()
    {
        var plan = StreamMeasurePlan.For(["id", "t"], [Column("id", TypeFamily.Integer)],
            new Dictionary<string, string> { ["id"] = "int8" }, utf8: true);
        var error = Assert.Throws<InvalidDataException>(() => Measure(CopyStreamDigesterTests.CopyStream(Rows), 1 << 16, plan));
        Assert.Contains("column id", error.Message);
        Assert.Contains("expected 8", error.Message);
        // Longer than any fixed-width value: the digester hands it over without its bytes, and it is still named.
        var text = StreamMeasurePlan.For(["id", "t"], [Column("t", TypeFamily.Integer)],
            new Dictionary<string, string> { ["t"] = "int8" }, utf8: true);
        error = Assert.Throws<InvalidDataException>(() => Measure(CopyStreamDigesterTests.CopyStream([(1, "twenty characters..")]), 7,
            text));
        Assert.Contains("column t: a Int8 value of 19 bytes", error.Message);
    }

    [Fact]
    public void Floats_order_nan_above_every_number_as_postgresql_does()
    {
        var plan = StreamMeasurePlan.For(["f"], [Column("f", TypeFamily.Float)],
            new Dictionary<string, string> { ["f"] = "float8" }, utf8: true);
        var measures = new StreamMeasures(plan);
        foreach (var value in new[] { 2.5, double.NaN, double.NegativeInfinity, 1e300 })
        {
            var bytes = new byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
            measures.Field(0, 8, bytes);
        }
        var result = measures.Measures(4);
        Assert.Equal(("-Infinity", "NaN"), (result["f.min"], result["f.max"]));
    }

    [Fact]
    public void The_plan_leaves_to_sql_what_the_stream_cannot_measure_exactly()
    {
        var plan = StreamMeasurePlan.For(["a", "b", "c", "d", "e", "g"],
            [Column("a", TypeFamily.Integer), Column("b", TypeFamily.Decimal), Column("c", TypeFamily.Text),
                Column("d", TypeFamily.Temporal),
             Column("e", TypeFamily.Integer), Column("g", TypeFamily.Json), Column("absent", TypeFamily.Integer)],
            // c: text but the target is not UTF-8; d: interval; e: a domain (not a built-in base type, so not listed)
            new Dictionary<string, string> { ["a"] = "int8", ["b"] = "numeric", ["c"] = "text", ["d"] = "interval",
                ["g"] = "jsonb", ["absent"] = "int4" },
            utf8: false);
        Assert.Equal([new MeasuredColumn("a", 0, StreamMeasure.Int8)], plan.Measured);
        Assert.Equal(["b", "c", "d", "e", "g", "absent"], plan.InSql.Select(c => c.Name));
        var utf8 = StreamMeasurePlan.For(["c", "g"], [Column("c", TypeFamily.Text), Column("g", TypeFamily.Json)],
            new Dictionary<string, string> { ["c"] = "bpchar", ["g"] = "jsonb" }, utf8: true);
        Assert.Equal([StreamMeasure.Length, StreamMeasure.JsonbLength], utf8.Measured.Select(m => m.Measure));
    }
}

using Orchestrator.Core.Assessment.AiMl;
using Orchestrator.Core.Assessment.Profiles;
using Orchestrator.Core.Catalog;

namespace Orchestrator.Tests.Assessment;

public class AiMlDetectorTests
{
    static TableInfo Table(string name, params (string Name, string Type, TypeFamily Family)[] columns) => new()
    {
        Name = new TableName("ml", name),
        Columns = columns.Select(c => new ColumnInfo { Name = c.Name, DataType = c.Type, Family = c.Family }).ToList(),
    };

    static ColumnProfile Profile(string column, string type, Func<ColumnProfile, ColumnProfile>? with = null)
    {
        var p = new ColumnProfile { Column = column, SourceType = type, NonNull = 100, Basis = ProfileBasis.Scan };
        return with is null ? p : with(p);
    }

    [Theory]
    [InlineData(32, 8)]
    [InlineData(1536 * 4, 1536)]
    public void Constant_length_binary_in_multiples_of_four_is_a_float32_vector(int bytes, int dimensions)
    {
        var table = Table("items", ("embedding", "bytea", TypeFamily.Binary));
        var found = Assert.Single(AiMlDetector.Detect(table, 100,
            [Profile("embedding", "bytea", p => p with { ConstantLength = bytes, LengthOf = "bytes" })]));
        Assert.Equal("vector", found.Kind);
        Assert.Equal(
            """{"table":"ml.items","column":"embedding","vector":{"from":"float32le","dimensions":""" + dimensions +
            ""","index":"hnsw","distance":"cosine"}}""",
            found.Rule.ToJsonString());
    }

    [Theory]
    [InlineData(16)] // a GUID or an MD5 hash, far more often than 4 floats
    [InlineData(30)] // not a multiple of 4
    public void Other_constant_lengths_are_not_vectors(int bytes)
    {
        var table = Table("items", ("hash", "bytea", TypeFamily.Binary));
        Assert.Empty(AiMlDetector.Detect(table, 100,
            [Profile("hash", "bytea", p => p with { ConstantLength = bytes, LengthOf = "bytes" })]));
    }

    [Fact]
    public void Numeric_arrays_and_json_arrays_of_constant_length_are_vectors()
    {
        var table = Table("f", ("a", "real[]", TypeFamily.Other), ("j", "jsonb", TypeFamily.Json));
        var found = AiMlDetector.Detect(table, 100, [
            Profile("a", "real[]", p => p with { ConstantLength = 384, LengthOf = "array elements" }),
            Profile("j", "jsonb", p => p with { ConstantLength = 64, LengthOf = "json array elements" })]);
        Assert.Equal(["array:384", "json:64"], found.Select(f => $"{f.Rule["vector"]!["from"]}:{f.Rule["vector"]!["dimensions"]}"));
    }

    [Fact]
    public void Large_binary_values_are_model_artifacts()
    {
        var table = Table("models", ("weights", "bytea", TypeFamily.Binary), ("thumb", "bytea", TypeFamily.Binary));
        var found = Assert.Single(AiMlDetector.Detect(table, 3, [
            Profile("weights", "bytea", p => p with { MaxBytes = 5 << 20, AvgBytes = 3 << 20 }),
            Profile("thumb", "bytea", p => p with { MaxBytes = 4000, AvgBytes = 3000 })]));
        Assert.Equal("""{"table":"ml.models","column":"weights","artifact":{"mode":"external"}}""", found.Rule.ToJsonString());
    }

    [Theory]
    [InlineData(50_000, 0.98, "timeSeries")]
    [InlineData(50_000, -0.95, "timeSeries")]
    [InlineData(50_000, 0.3, null)]   // timestamps in random order: not appended
    [InlineData(500, 1.0, null)]      // too few rows to be worth partitioning
    public void An_appended_timestamp_on_a_large_table_is_a_time_series(long rows, double correlation, string? kind)
    {
        var table = Table("metrics", ("at", "timestamp with time zone", TypeFamily.Temporal));
        var found = AiMlDetector.Detect(table, rows,
            [Profile("at", "timestamptz", p => p with { Correlation = correlation, SpanDays = 700 })]);
        Assert.Equal(kind, found.SingleOrDefault()?.Kind);
    }

    [Theory]
    [InlineData(100_000_000, 30.0, "day")]
    [InlineData(1_000_000, 6.0, "week")]
    [InlineData(20_000, 800.0, "month")]
    [InlineData(20_000, 5000.0, "year")]
    [InlineData(20_000, null, "month")]
    public void The_partition_interval_follows_rows_per_day(long rows, double? spanDays, string interval) =>
        Assert.Equal(interval, AiMlDetector.Interval(rows, spanDays));

    [Fact]
    public void Json_or_xml_text_is_a_document_and_json_becomes_jsonb()
    {
        var table = Table("docs",
            ("body", "text", TypeFamily.Text), ("x", "text", TypeFamily.Text), ("note", "text", TypeFamily.Text),
            ("j", "json", TypeFamily.Json));
        var found = AiMlDetector.Detect(table, 100, [
            Profile("body", "text", p => p with { DocumentKind = "json", DocumentShare = 1.0 }),
            Profile("x", "text", p => p with { DocumentKind = "xml", DocumentShare = 0.95 }),
            Profile("note", "text", p => p with { DocumentKind = "json", DocumentShare = 0.2 }),
            Profile("j", "json")]);
        Assert.Equal(["body:jsonb", "x:xml", "j:jsonb"], found.Select(f => $"{f.Column}:{f.Rule["document"]!["as"]}"));
        Assert.All(found, f => Assert.Equal("reject", (string?)f.Rule["document"]!["invalid"]));
    }

    [Theory]
    [InlineData("people", "email", true)]
    [InlineData("orders", "customer_email", true)]
    [InlineData("orders", "contactPhone", true)]
    [InlineData("employees", "ssn", true)]
    [InlineData("employees", "date_of_birth", true)]
    [InlineData("customers", "name", true)]
    [InlineData("people", "last_name", true)]
    [InlineData("models", "name", false)]
    [InlineData("runs", "model_name", false)]
    [InlineData("runs", "mailbox_id", false)]
    [InlineData("items", "title", false)]
    public void Personal_data_is_found_by_the_words_of_the_column_name(string table, string column, bool personal) =>
        Assert.Equal(personal, PiiNames.IsPersonal(table, column));

    [Fact]
    public void A_pii_suggestion_is_a_hash_rule()
    {
        var found = Assert.Single(AiMlDetector.Detect(Table("people", ("email", "text", TypeFamily.Text)), 10, []));
        Assert.Equal("""{"table":"ml.people","column":"email","pii":{"transform":"hash"}}""", found.Rule.ToJsonString());
    }
}

using System.Data;
using Orchestrator.Core.Assessment.Profiles;

namespace Orchestrator.Tests.Assessment;

public class ProfileQueryTests
{
    [Fact]
    public void One_row_of_aggregates_becomes_one_profile_per_column()
    {
        var q = new ProfileQuery()
            .Column("e", "bytea").Add("e", ProfileMeasure.NonNull, "count(e)").Lengths("e", "bytes", "count(e)", "octet_length(e)")
            .Column("d", "text").Add("d", ProfileMeasure.NonNull, "count(d)").Add("d", ProfileMeasure.JsonLike, "j")
                .Add("d", ProfileMeasure.XmlLike, "x")
            .Column("n", "numeric").Add("n", ProfileMeasure.NonNull, "count(n)").Add("n", ProfileMeasure.NotBigint, "nb");
        Assert.StartsWith("SELECT count(*) AS m_rows,\n  count(e) AS m0,", q.Sql("t"));
        Assert.EndsWith("\nFROM t", q.Sql("t"));

        var table = new DataTable();
        table.Columns.Add("m_rows", typeof(long));
        for (var i = 0; i < q.Slots.Count; i++) table.Columns.Add($"m{i}", typeof(long));
        //               rows  e: nonnull measured min max  d: nonnull json xml  n: nonnull notBigint
        table.Rows.Add(10L, 10L, 10L, 32L, 32L, 8L, 6L, 1L, 9L, 0L);
        using var reader = table.CreateDataReader();
        reader.Read();
        var profiles = q.Read(reader, "scan").ToDictionary(p => p.Column);

        Assert.Equal((32, "bytes"), (profiles["e"].ConstantLength, profiles["e"].LengthOf));
        Assert.Equal(("json", 0.75), (profiles["d"].DocumentKind, profiles["d"].DocumentShare));
        Assert.True(profiles["n"].IntegerOnly);
        Assert.Null(profiles["d"].IntegerOnly);
    }

    [Fact]
    public void Lengths_count_as_constant_only_when_every_value_was_measured()
    {
        var q = new ProfileQuery().Column("a", "real[]").Add("a", ProfileMeasure.NonNull, "n").Lengths("a", "array elements", "m", "l");
        var table = new DataTable();
        foreach (var name in new[] { "m_rows", "m0", "m1", "m2", "m3" }) table.Columns.Add(name, typeof(long));
        table.Rows.Add(10L, 10L, 9L, 4L, 4L); // one value is a 2-D array: not measured
        using var reader = table.CreateDataReader();
        reader.Read();
        Assert.Null(Assert.Single(q.Read(reader, "scan")).ConstantLength);
    }
}

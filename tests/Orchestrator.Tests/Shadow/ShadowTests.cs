using Orchestrator.Core.Shadow;
using Orchestrator.Core.Spec;

namespace Orchestrator.Tests.Shadow;

public class ShadowTests
{
    [Theory]
    [InlineData(12.50, typeof(decimal), "12.5")]
    [InlineData(1, typeof(bool), "true")]
    [InlineData(3.0, typeof(long), "3")]
    [InlineData(3.5, typeof(long), "3.5")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e", typeof(Guid), "0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData(7L, typeof(string), "7")]
    public void Legacy_values_compare_in_the_targets_types(object legacy, Type target, string expected) =>
        Assert.Equal(expected, CanonicalValue.Of(legacy is double d && target == typeof(decimal) ? (decimal)d : legacy, target));

    [Fact]
    public void Times_offsets_and_nulls_print_one_way()
    {
        var utc = new DateTime(2024, 3, 17, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(CanonicalValue.Of(utc),
            CanonicalValue.Of(new DateTimeOffset(2024, 3, 17, 14, 0, 0, TimeSpan.FromHours(2)), typeof(DateTime)));
        Assert.Equal("NULL", CanonicalValue.Of(DBNull.Value, typeof(int)));
        Assert.Equal("{1,NULL,3}", CanonicalValue.Of(new int?[] { 1, null, 3 }));
        Assert.NotEqual(CanonicalValue.Of(0.1 + 0.2, typeof(double)), CanonicalValue.Of(0.3, typeof(double)));
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var latency = Latency.Of(Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList());
        Assert.Equal((50.0, 95.0, 99.0, 50.5), (latency.P50, latency.P95, latency.P99, latency.Mean));
        Assert.Equal(95.0, latency.At("p95"));
        Assert.Equal(7.0, Latency.Of([7]).P99);
    }

    [Fact]
    public void The_queries_file_names_every_problem_by_its_path()
    {
        var error = Assert.Throws<SpecException>(() => ShadowQueries.Parse("""
            { "queries": [ { "name": "a", "legacy": "SELECT 1", "modern": " " },
                           { "name": "a", "legacy": "SELECT 1", "modern": "SELECT 1", "timeoutSeconds": 0,
                             "parameters": [ { "n-1": [1] } ] } ] }
            """, "q.json"));
        Assert.Equal(["q.json: queries[0].modern: required (the query in PostgreSQL)", "q.json: queries[1].name: 'a' is used twice",
            "q.json: queries[1].timeoutSeconds: must be between 1 and 3600 (got 0)",
            "q.json: queries[1].parameters[0].n-1: a parameter name uses letters, digits and '_' only",
            "q.json: queries[1].parameters[0].n-1: must be a string, number, true, false or null"], error.Problems);
        Assert.StartsWith("q.json: queries[0]: ",
            Assert.Throws<SpecException>(() => ShadowQueries.Parse("""{ "queries": [ { "name": "a" } ] }""", "q.json"))
                .Message.Split('\n')[1].Trim());
        Assert.Contains("queries[0].orderd", Assert.Throws<SpecException>(() => ShadowQueries.Parse(
            """{ "queries": [ { "name": "a", "legacy": "x", "modern": "y", "orderd": true } ] }""", "q.json")).Message);
    }
}

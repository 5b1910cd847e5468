using Orchestrator.Core.Connections;
using Orchestrator.Core.Validation;

namespace Orchestrator.Tests.Validation;

public class TableAggregatesTests
{
    static TableAggregates Of(params (string, string)[] measures) => new(measures.ToDictionary(m => m.Item1, m => m.Item2));

    [Fact]
    public void Measures_the_source_left_out_are_not_differences() =>
        Assert.Empty(Of(("rows", "3"), ("a.nonnull", "3")).Differences(Of(("rows", "3"), ("a.nonnull", "3"), ("a.sum", "1.5"))));

    [Fact]
    public void A_measure_the_target_lacks_or_disagrees_on_is_named()
    {
        var differences = Of(("rows", "3"), ("a.sum", "1.5")).Differences(Of(("rows", "2")));
        Assert.Equal(["a.sum: source 1.5, target (none)", "rows: source 3, target 2"], differences);
    }

    [Theory]
    [InlineData("Host=db.example.com;Port=5433;Username=u;Password=secret;Database=erp", "db.example.com:5433/erp")]
    [InlineData("Server=tcp:sql1,1433;Initial Catalog=sales;User Id=sa;Password=secret", "tcp:sql1,1433/sales")]
    [InlineData("Data Source=//ora:1521/XE;User Id=scott;Password=tiger", "//ora:1521/XE/")]
    public void Connection_locations_never_carry_credentials(string connectionString, string expected)
    {
        var described = ConnectionLocation.Describe(connectionString);
        Assert.Equal(expected, described);
        Assert.DoesNotContain("secret", described);
        Assert.DoesNotContain("tiger", described);
    }
}

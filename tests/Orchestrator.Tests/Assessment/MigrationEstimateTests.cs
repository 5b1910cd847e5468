using Orchestrator.Core.Assessment.Estimate;

namespace Orchestrator.Tests.Assessment;

public class MigrationEstimateTests
{
    static readonly MeasuredThroughput Round = new(100_000, 20, "test");

    [Fact]
    public void A_table_takes_the_longer_of_its_rows_and_its_bytes()
    {
        Assert.Equal(10, MigrationEstimate.Seconds(1_000_000, 10L << 20, Round)); // rows: 10 s, bytes: 0.5 s
        Assert.Equal(50, MigrationEstimate.Seconds(1_000, 1000L << 20, Round));   // rows: 0.01 s, bytes: 50 s
        Assert.Equal(0, MigrationEstimate.Seconds(0, 0, Round));
    }

    [Fact]
    public void The_total_is_the_tables_one_after_another()
    {
        var e = MigrationEstimate.For([("a", 1_000_000, 0), ("b", 0, 200L << 20)], Round);
        Assert.Equal([10.0, 10.0], e.Tables.Select(t => t.Seconds));
        Assert.Equal(20, e.TotalSeconds);
        Assert.Equal("test", e.Basis);
    }

    [Fact]
    public void The_default_throughput_is_the_slowest_measured_pipeline()
    {
        var t = MeasuredThroughput.Conservative;
        Assert.Equal(88_513, t.RowsPerSecond);
        Assert.InRange(t.RowsPerSecond, 2_000_000 / 22.60 * 0.999, 2_000_000 / 22.60 * 1.001);
        Assert.Equal(480 / 22.60, t.MegabytesPerSecond, 1);
        // The figure is the one docs/performance.md reports for the slowest configuration.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln"))) dir = dir.Parent;
        Assert.Contains("| migrator, Azurite staging, full validation | 22.60 | 88,513 |",
            File.ReadAllText(Path.Combine(dir!.FullName, "docs", "performance.md")));
        Assert.Contains("eng/bench", t.Source);
        Assert.Contains("2-core", t.Source);
    }

    [Theory]
    [InlineData(0.2, "under 1 s")]
    [InlineData(42, "42 s")]
    [InlineData(600, "10 min")]
    [InlineData(5 * 3600, "5.0 h")]
    public void Durations_read_in_the_unit_that_fits(double seconds, string text) =>
        Assert.Equal(text, MigrationEstimate.Describe(seconds));
}

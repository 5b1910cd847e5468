namespace Orchestrator.Core.Shadow;

/// <summary>A side's latency over its measured runs, in milliseconds: nearest-rank percentiles.</summary>
public sealed record Latency(int Runs, double P50, double P95, double P99, double Mean)
{
    public static Latency Of(IReadOnlyList<double> milliseconds)
    {
        if (milliseconds.Count == 0) return new Latency(0, 0, 0, 0, 0);
        var sorted = milliseconds.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Latency(sorted.Length, Rank(50), Rank(95), Rank(99), milliseconds.Average());
    }

    /// <summary>"p50 / p95 / p99" in milliseconds with two decimals, for the reports.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Text => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{P50:F2} / {P95:F2} / {P99:F2}");

    public double At(string percentile) => percentile switch { "p50" => P50, "p99" => P99, _ => P95 };
}

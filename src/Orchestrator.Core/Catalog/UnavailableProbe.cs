namespace Orchestrator.Core.Catalog;

/// <summary>
/// An optional source probe the server refused (not there, not allowed, not supported), in the server's own words,
/// and what the run did instead. Listed by plan, assess and the migration report; nothing else about the run fails.
/// </summary>
/// <param name="Probe">What was asked: "histograms", "log position", "heavy queries".</param>
/// <param name="Reads">The catalog views, DMVs or functions it reads.</param>
/// <param name="Grant">What the login would need for the probe to work.</param>
/// <param name="Fallback">What the run did instead, and what that costs.</param>
/// <param name="ErrorNumber">The server's error number.</param>
/// <param name="ServerMessage">The server's error message (the first one seen).</param>
public sealed record UnavailableProbe(string Probe, string Reads, string Grant, string Fallback, int ErrorNumber, string ServerMessage)
{
    /// <summary>The tables the fallback applied to, for probes asked per table (histograms, page locator).</summary>
    public IReadOnlyList<string> Tables { get; init; } = [];

    public override string ToString() =>
        $"{Probe} ({Reads}): {Fallback}{(Tables.Count == 0 ? "" : $" [{string.Join(", ", Tables)}]")}. " +
        $"Server error {ErrorNumber}: {ServerMessage} (needs {Grant})";

    /// <summary>One entry per probe: the first one seen, with the tables of all of them.</summary>
    public static IReadOnlyList<UnavailableProbe> Merge(params IEnumerable<UnavailableProbe>[] lists) =>
        lists.SelectMany(l => l).GroupBy(p => p.Probe, StringComparer.Ordinal)
            .Select(g => g.First() with { Tables = g.SelectMany(p => p.Tables).Distinct(StringComparer.Ordinal).ToList() }).ToList();
}

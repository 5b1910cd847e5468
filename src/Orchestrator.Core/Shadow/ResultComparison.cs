namespace Orchestrator.Core.Shadow;

/// <summary>Whether two sides answered the same, and the first rows where they did not.</summary>
public sealed record ResultComparison(bool Identical, string? Reason, IReadOnlyList<RowPair> Differences)
{
    const int Shown = 5;

    public static ResultComparison Of(ResultSet legacy, ResultSet modern, bool ordered)
    {
        if (legacy.Columns != modern.Columns)
            return new(false, $"legacy returns {legacy.Columns} columns, modern {modern.Columns}", []);
        return ordered ? Ordered(legacy, modern) : Unordered(legacy, modern);
    }

    static ResultComparison Ordered(ResultSet legacy, ResultSet modern)
    {
        var pairs = new List<RowPair>();
        var length = Math.Max(legacy.Rows, modern.Rows);
        for (var i = 0; i < length && pairs.Count < Shown; i++)
            if (i >= legacy.Rows || i >= modern.Rows || legacy.Hashes[i] != modern.Hashes[i])
                pairs.Add(new RowPair(i + 1, i < legacy.Rows ? legacy.Show(i) : null, i < modern.Rows ? modern.Show(i) : null));
        return pairs.Count == 0 ? new(true, null, [])
            : new(false,
                legacy.Rows != modern.Rows ? $"legacy returns {legacy.Rows} rows, modern {modern.Rows}" : "rows differ in value or order",
                pairs);
    }

    // Multisets: each side's hashes sorted, walked together; a hash on one side only (or more often) is a difference.
    static ResultComparison Unordered(ResultSet legacy, ResultSet modern)
    {
        var (l, m) = (legacy.Hashes.Order().ToArray(), modern.Hashes.Order().ToArray());
        var pairs = new List<RowPair>();
        var (i, j, count) = (0, 0, 0);
        while (i < l.Length || j < m.Length)
        {
            if (i < l.Length && j < m.Length && l[i] == m[j]) { i++; j++; continue; }
            count++;
            if (j >= m.Length || (i < l.Length && l[i] < m[j]))
            {
                if (pairs.Count < Shown) pairs.Add(new RowPair(null, legacy.Show(l[i]), null));
                i++;
            }
            else { if (pairs.Count < Shown) pairs.Add(new RowPair(null, null, modern.Show(m[j]))); j++; }
        }
        return count == 0 ? new(true, null, []) : new(false, $"{count} row(s) appear on one side only (order ignored)", pairs);
    }
}

/// <summary>A row where the sides differ: its position (ordered results), and each side's row there (null when it has none).</summary>
public sealed record RowPair(int? Position, string? Legacy, string? Modern);

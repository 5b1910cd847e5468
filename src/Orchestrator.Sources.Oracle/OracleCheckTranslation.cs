namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Carries a CHECK condition to PostgreSQL only when it is plain comparisons, IN, BETWEEN, LIKE, IS NULL and
/// arithmetic over the table's columns and literals, which mean the same in both. Anything else (functions, SYSDATE,
/// Oracle-only syntax) returns null and the check is reported rather than failing Finalize.
/// </summary>
public static class OracleCheckTranslation
{
    static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "AND", "OR", "NOT", "IN", "BETWEEN",
        "IS", "NULL", "LIKE" };

    public static string? ToPostgres(string condition, IReadOnlyList<string> columns) =>
        OracleExpressionText.Translate(condition, columns, (word, _) =>
            // An unquoted name must name a column, else it is a function or keyword we do not carry.
            Keywords.Contains(word) ? word.ToUpperInvariant() : OracleExpressionText.UnquotedColumn(word, columns));
}

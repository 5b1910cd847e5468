namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Translates one key of a function-based Oracle index (ALL_IND_EXPRESSIONS.COLUMN_EXPRESSION) to PostgreSQL: the
/// table's columns, literals, arithmetic, || and the functions that mean the same and are immutable in both
/// (UPPER, LOWER, TRIM, LTRIM, RTRIM, NVL, SUBSTR, ABS, LENGTH). Anything else returns null and the index is reported.
/// A descending index is function-based in Oracle too: its expression is just the column.
/// </summary>
public static class OracleIndexTranslation
{
    static readonly Dictionary<string, string> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UPPER"] = "upper", ["LOWER"] = "lower", ["TRIM"] = "btrim", ["LTRIM"] = "ltrim", ["RTRIM"] = "rtrim",
        ["NVL"] = "coalesce", ["SUBSTR"] = "substr", ["ABS"] = "abs", ["LENGTH"] = "length",
    };

    public static string? Expression(string expression, IReadOnlyCollection<string> columns) =>
        OracleExpressionText.Translate(expression, columns, (word, isCall) =>
            isCall ? Functions.GetValueOrDefault(word) : OracleExpressionText.UnquotedColumn(word, columns));

    /// <summary>The column a translated key is, when it is a plain (quoted) column; null for an expression.</summary>
    public static string? Column(string translated) =>
        translated.Length > 2 && translated.StartsWith('"') && translated.EndsWith('"') && translated.Count(c => c == '"') == 2
            ? translated[1..^1] : null;
}

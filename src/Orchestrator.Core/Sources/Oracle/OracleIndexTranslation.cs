using System.Text;
using System.Text.RegularExpressions;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Translates one key of a function-based Oracle index (ALL_IND_EXPRESSIONS.COLUMN_EXPRESSION) to PostgreSQL: the
/// table's columns, literals, arithmetic, || and the functions that mean the same and are immutable in both
/// (UPPER, LOWER, TRIM, LTRIM, RTRIM, NVL, SUBSTR, ABS, LENGTH). Anything else returns null and the index is reported.
/// A descending index is function-based in Oracle too: its expression is just the column.
/// </summary>
public static partial class OracleIndexTranslation
{
    static readonly Dictionary<string, string> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UPPER"] = "upper", ["LOWER"] = "lower", ["TRIM"] = "btrim", ["LTRIM"] = "ltrim", ["RTRIM"] = "rtrim",
        ["NVL"] = "coalesce", ["SUBSTR"] = "substr", ["ABS"] = "abs", ["LENGTH"] = "length",
    };

    public static string? Expression(string expression, IReadOnlyCollection<string> columns)
    {
        var sql = new StringBuilder();
        var tokens = Token().Matches(expression).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var t = token.Value;
            if (token.Groups["bad"].Success) return null;
            if (token.Groups["quoted"].Success)
            {
                var name = t[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
                if (!columns.Contains(name)) return null;
                sql.Append(PgSql.Ident(name));
            }
            else if (token.Groups["word"].Success)
            {
                var isCall = tokens.Skip(i + 1).FirstOrDefault(x => !x.Groups["space"].Success)?.Value == "(";
                if (isCall && Functions.TryGetValue(t, out var function)) sql.Append(function);
                else if (!isCall && columns.Contains(t.ToUpperInvariant())) sql.Append(PgSql.Ident(t.ToUpperInvariant()));
                else return null;
            }
            else sql.Append(t);
        }
        return sql.ToString().Trim();
    }

    /// <summary>True when the translated key is a plain column (written without parentheses, as PostgreSQL prints it).</summary>
    public static bool IsColumn(string translated) => translated.StartsWith('"') && translated.EndsWith('"') && translated.Count(c => c == '"') == 2;

    [GeneratedRegex("""(?<quoted>"(?:[^"]|"")+")|(?<string>'(?:[^']|'')*')|(?<number>\d+(?:\.\d+)?)|(?<word>[A-Za-z_][A-Za-z0-9_$#]*)|(?<op>\|\||[(),+\-*/])|(?<space>\s+)|(?<bad>.)""")]
    private static partial Regex Token();
}

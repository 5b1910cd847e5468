using System.Text;
using System.Text.RegularExpressions;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Carries a CHECK condition to PostgreSQL only when it is plain comparisons, IN, BETWEEN, LIKE, IS NULL and
/// arithmetic over the table's columns and literals, which mean the same in both. Anything else (functions, SYSDATE,
/// Oracle-only syntax) returns null and the check is left out rather than failing Finalize.
/// </summary>
public static partial class OracleCheckTranslation
{
    static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase) { "AND", "OR", "NOT", "IN", "BETWEEN", "IS", "NULL", "LIKE" };

    public static string? ToPostgres(string condition, IReadOnlyList<string> columns)
    {
        var sql = new StringBuilder();
        foreach (Match token in Token().Matches(condition))
        {
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
                if (Keywords.Contains(t)) sql.Append(t.ToUpperInvariant());
                // An unquoted name is upper-cased by Oracle; it must name a column, else it is a function or keyword we do not carry.
                else if (columns.Contains(t.ToUpperInvariant())) sql.Append(PgSql.Ident(t.ToUpperInvariant()));
                else return null;
            }
            else sql.Append(t);
        }
        return sql.ToString().Trim();
    }

    [GeneratedRegex("""(?<quoted>"(?:[^"]|"")+")|(?<string>'(?:[^']|'')*')|(?<number>\d+(?:\.\d+)?)|(?<word>[A-Za-z_][A-Za-z0-9_$#]*)|(?<op><>|!=|<=|>=|\|\||[=<>(),+\-*/])|(?<space>\s+)|(?<bad>.)""")]
    private static partial Regex Token();
}

using System.Text;
using System.Text.RegularExpressions;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Reads a simple Oracle expression token by token and writes it as PostgreSQL: quoted names must be the table's
/// columns, literals, numbers and operators pass as they are, and each word is decided by the caller (a keyword, a
/// function, an unquoted column). Any other character, or a word the caller refuses, makes the whole translation null.
/// </summary>
static partial class OracleExpressionText
{
    /// <param name="word">Given a word and whether '(' follows it, its PostgreSQL text, or null to refuse.</param>
    public static string? Translate(string expression, IReadOnlyCollection<string> columns, Func<string, bool, string?> word)
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
                if (word(t, isCall) is not { } text) return null;
                sql.Append(text);
            }
            else sql.Append(t);
        }
        return sql.ToString().Trim();
    }

    /// <summary>An unquoted name is upper-cased by Oracle: the column it names, quoted, or null when it names none.</summary>
    public static string? UnquotedColumn(string word, IReadOnlyCollection<string> columns) =>
        columns.Contains(word.ToUpperInvariant()) ? PgSql.Ident(word.ToUpperInvariant()) : null;

    [GeneratedRegex("""(?<quoted>"(?:[^"]|"")+")|(?<string>'(?:[^']|'')*')|(?<number>\d+(?:\.\d+)?)|""" +
        """(?<word>[A-Za-z_][A-Za-z0-9_$#]*)|(?<op><>|!=|<=|>=|\|\||[=<>(),+\-*/])|(?<space>\s+)|(?<bad>.)""")]
    private static partial Regex Token();
}

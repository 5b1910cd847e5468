using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Orchestrator.Core.Sources.Ado;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// Translates the simple T-SQL expressions the catalog holds (column defaults, check constraints, filtered-index
/// predicates) to PostgreSQL. Anything beyond literals, a few functions, NEXT VALUE FOR, columns, comparisons,
/// arithmetic, IN, BETWEEN, LIKE, IS [NOT] NULL and AND/OR/NOT returns null, and the caller reports it instead of guessing.
/// </summary>
public static partial class SqlServerExpressions
{
    public static string? Default(string? definition, ColumnMapping mapping)
    {
        if (definition is null) return null;
        var text = StripParentheses(definition.Trim());
        if (NumberLiteral().IsMatch(text))
            return mapping.Encoding == ValueEncoding.Boolean
                ? (decimal.Parse(text, CultureInfo.InvariantCulture) != 0 ? "true" : "false") : text;
        if (StringLiteral().Match(text) is { Success: true } s)
            return mapping.Encoding == ValueEncoding.Boolean ? null : PgSql.Literal(s.Groups[1].Value.Replace("''", "'"));
        if (NextValueFor().Match(text) is { Success: true } next)
        {
            // The sequence by its source name; the schema conversion renames it with the sequence.
            var sequence = new Catalog.TableName(Unbracket(next.Groups[1].Value), Unbracket(next.Groups[2].Value));
            return $"nextval({PgSql.Literal(PgSql.Table(sequence))}::regclass)";
        }
        return Spaces().Replace(text.ToLowerInvariant(), "") switch
        {
            "getdate()" or "current_timestamp" or "sysdatetime()" => "LOCALTIMESTAMP",
            "convert([date],getdate())" or "convert(date,getdate())" or "cast(getdate()asdate)" or "convert([date],sysdatetime())"
                => "CURRENT_DATE",
            "user_name()" or "suser_sname()" or "suser_name()" or "current_user" or "system_user" or "original_login()" => "CURRENT_USER",
            "getutcdate()" or "sysutcdatetime()" => "(now() AT TIME ZONE 'UTC')",
            "sysdatetimeoffset()" => "now()",
            "newid()" or "newsequentialid()" => "gen_random_uuid()",
            _ => null,
        };
    }

    /// <summary>A filtered index's WHERE clause in PostgreSQL, or null when it uses anything this does not translate.</summary>
    public static string? Predicate(string filter, Func<string, bool> isBooleanColumn)
        => Condition(filter, isBooleanColumn, _ => false, allowLike: false);

    /// <summary>
    /// A check constraint's condition in PostgreSQL, or null when it uses anything this does not translate: functions,
    /// LIKE character classes ([a-z] means something else in PostgreSQL), or + next to text (T-SQL concatenation).
    /// </summary>
    public static string? Check(string definition, Func<string, bool> isBooleanColumn, Func<string, bool> isTextColumn) =>
        Condition(definition, isBooleanColumn, isTextColumn, allowLike: true);

    static string? Condition(string filter, Func<string, bool> isBooleanColumn, Func<string, bool> isTextColumn, bool allowLike)
    {
        var result = new StringBuilder();
        string? lastColumn = null;
        var (hasText, hasPlus, hasLike, hasBracketPattern) = (false, false, false, false);
        foreach (Match token in PredicateToken().Matches(filter))
        {
            if (!token.Success) return null;
            var t = token.Value;
            if (t.StartsWith('['))
            {
                lastColumn = t[1..^1].Replace("]]", "]");
                hasText |= isTextColumn(lastColumn);
                result.Append(PgSql.Ident(lastColumn));
            }
            else if (StringLiteral().Match(t) is { Success: true } s)
            {
                (hasText, hasBracketPattern) = (true, hasBracketPattern || s.Groups[1].Value.Contains('['));
                result.Append(PgSql.Literal(s.Groups[1].Value.Replace("''", "'")));
            }
            else if (NumberLiteral().IsMatch(t) && lastColumn is not null && isBooleanColumn(lastColumn))
                result.Append(t == "0" ? "false" : "true");
            else if (t == "!=") result.Append("<>");
            else if (string.IsNullOrWhiteSpace(t)) result.Append(' ');
            else
            {
                var u = t.ToUpperInvariant();
                hasPlus |= t == "+";
                if (u == "LIKE" && !allowLike) return null;
                hasLike |= u == "LIKE";
                result.Append(u is "IS" or "NOT" or "NULL" or "AND" or "OR" or "IN" or "BETWEEN" or "LIKE" ? u : t);
            }
        }
        if ((hasPlus && hasText) || (hasLike && hasBracketPattern)) return null;
        // Every character must have been consumed by a known token.
        var consumed = PredicateToken().Matches(filter).Sum(m => m.Length);
        return consumed == filter.Length ? result.ToString() : null;
    }

    static string StripParentheses(string text)
    {
        while (text.Length >= 2 && text[0] == '(' && text[^1] == ')' && Balanced(text[1..^1])) text = text[1..^1].Trim();
        return text;
    }

    static bool Balanced(string text)
    {
        var depth = 0;
        foreach (var ch in text)
        {
            depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            if (depth < 0) return false;
        }
        return depth == 0;
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"^N?'((?:[^']|'')*)'$", RegexOptions.Singleline)]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\[(?:[^\]]|\]\])+\]|N?'(?:[^']|'')*'|-?\d+(?:\.\d+)?|<>|!=|<=|>=|=|<|>|\(|\)|,|\+|-|\*|/|%|\s+|" +
        @"\b(?:IS|NOT|NULL|AND|OR|IN|BETWEEN|LIKE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex PredicateToken();

    [GeneratedRegex(@"^NEXT\s+VALUE\s+FOR\s+(\[(?:[^\]]|\]\])+\])\.(\[(?:[^\]]|\]\])+\])$", RegexOptions.IgnoreCase)]
    private static partial Regex NextValueFor();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    static string Unbracket(string name) => name[1..^1].Replace("]]", "]", StringComparison.Ordinal);
}

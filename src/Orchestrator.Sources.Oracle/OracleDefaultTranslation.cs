using System.Text.RegularExpressions;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// Carries an Oracle column default (ALL_TAB_COLS.DATA_DEFAULT) to PostgreSQL when it is a literal, a clock
/// (SYSDATE, SYSTIMESTAMP, CURRENT_DATE, CURRENT_TIMESTAMP, LOCALTIMESTAMP), SYS_GUID(), USER or a sequence's
/// NEXTVAL; anything else returns null and the caller reports it.
/// </summary>
public static partial class OracleDefaultTranslation
{
    /// <param name="text">The default as Oracle stores it.</param>
    /// <param name="targetType">The target column's PostgreSQL type, which decides what a clock or SYS_GUID() becomes.</param>
    /// <param name="owner">The table's owner: an unqualified sequence belongs to it.</param>
    public static string? ToPostgres(string text, string targetType, TypeFamily family, string owner)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        if (Number().IsMatch(t))
            return family == TypeFamily.Boolean
                    ? (decimal.Parse(t, System.Globalization.CultureInfo.InvariantCulture) != 0 ? "true" : "false")
                    : t;
        if (StringLiteral().Match(t) is { Success: true } s)
            // Oracle stores '' as NULL, so an empty default is no default.
            return s.Groups[1].Length == 0 ? "NULL" : PgSql.Literal(s.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal));
        if (NextVal().Match(t) is { Success: true } next)
        {
            var schema = next.Groups["owner"].Success ? Name(next.Groups["owner"].Value) : owner;
            return $"nextval({PgSql.Literal(PgSql.Table(new TableName(schema, Name(next.Groups["sequence"].Value))))}::regclass)";
        }
        var zoned = targetType.StartsWith("timestamptz", StringComparison.Ordinal)
            || targetType.Contains("with time zone", StringComparison.Ordinal);
        return Spaces().Replace(t.ToUpperInvariant(), "") switch
        {
            "NULL" => "NULL",
            "TRUE" or "FALSE" when family == TypeFamily.Boolean => t.ToLowerInvariant(),
            "SYSDATE" or "CURRENT_DATE" => zoned ? "now()" : "LOCALTIMESTAMP(0)",
            "SYSTIMESTAMP" or "CURRENT_TIMESTAMP" or "LOCALTIMESTAMP" => zoned ? "now()" : "LOCALTIMESTAMP",
            "USER" => "CURRENT_USER",
            "SYS_GUID()" => family switch
            {
                TypeFamily.Uuid => "gen_random_uuid()",
                TypeFamily.Binary => "decode(replace(gen_random_uuid()::text, '-', ''), 'hex')",
                TypeFamily.Text => "upper(replace(gen_random_uuid()::text, '-', ''))",
                _ => null,
            },
            _ => null,
        };
    }

    // Unquoted Oracle names are upper case; quoted ones are exact.
    static string Name(string token)
        => token.StartsWith('"') ? token[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : token.ToUpperInvariant();

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex Number();

    [GeneratedRegex(@"^'((?:[^']|'')*)'$", RegexOptions.Singleline)]
    private static partial Regex StringLiteral();

    [GeneratedRegex("""^(?:(?<owner>"(?:[^"]|"")+"|[A-Za-z][A-Za-z0-9_$#]*)\s*\.\s*)?""" +
        """(?<sequence>"(?:[^"]|"")+"|[A-Za-z][A-Za-z0-9_$#]*)\s*\.\s*(?:"NEXTVAL"|NEXTVAL)$""", RegexOptions.IgnoreCase)]
    private static partial Regex NextVal();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

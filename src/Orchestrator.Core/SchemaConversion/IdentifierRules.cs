using System.Text;

namespace Orchestrator.Core.SchemaConversion;

/// <summary>
/// How one source name becomes a PostgreSQL name: folded to lower case (or kept), cut to PostgreSQL's 63 bytes, and
/// made unique among the names already taken by a numeric suffix (_2, _3, ...) in the order the catalog lists them.
/// </summary>
public static class IdentifierRules
{
    public const int MaxBytes = 63;

    /// <summary>Words PostgreSQL reserves: such names work (every identifier is quoted) but queries must quote them.</summary>
    public static readonly IReadOnlySet<string> ReservedWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary", "both", "case", "cast",
        "check", "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog", "current_date",
        "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc", "distinct",
        "do", "else", "end", "except", "false", "fetch", "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike",
        "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
        "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order", "outer", "overlaps", "placing",
        "primary", "references", "returning", "right", "select", "session_user", "similar", "some", "symmetric", "system_user", "table",
        "tablesample", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "verbose", "when", "where",
        "window", "with",
    };

    public static string Fold(string name, bool lower) => lower ? name.ToLowerInvariant() : name;

    /// <summary>The longest prefix of whole characters that fits in <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public static string Truncate(string name, int maxBytes = MaxBytes)
    {
        if (Encoding.UTF8.GetByteCount(name) <= maxBytes) return name;
        var end = 0;
        var bytes = 0;
        foreach (var rune in name.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > maxBytes) break;
            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }
        return name[..end];
    }

    /// <summary>The name itself when free, else the first free name_N (N from 2), cut so the suffix fits; the result is taken.</summary>
    public static string Unique(string name, ISet<string> taken)
    {
        if (taken.Add(name)) return name;
        for (var n = 2; ; n++)
        {
            var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var candidate = Truncate(name, MaxBytes - suffix.Length) + suffix;
            if (taken.Add(candidate)) return candidate;
        }
    }
}

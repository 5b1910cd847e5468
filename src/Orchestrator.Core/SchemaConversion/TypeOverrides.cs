using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Core.SchemaConversion;

/// <summary>
/// Decides whether a spec's type override can work. A type that holds the source's values unchanged (text for
/// varchar, a longer varchar, numeric without a limit, a finer time precision) works for every source: the values
/// arrive in the same binary COPY form. Any other type needs a conversion: a PostgreSQL source makes it with a cast
/// in its SELECT; the SQL Server and Oracle readers write only their mapped types, so there it is refused before
/// anything is planned, never discovered half-way through a load.
/// </summary>
public static partial class TypeOverrides
{
    /// <summary>True when values of <paramref name="from"/> are stored unchanged, byte for byte, in <paramref name="to"/>.</summary>
    public static bool KeepsValues(string from, string to)
    {
        var (a, b) = (Parse(from), Parse(to));
        if (a == b) return true;
        return (a.Base, b.Base) switch
        {
            ("varchar" or "character" or "text", "text") => true,
            ("varchar" or "character", "varchar") => b.Args.Length == 0 || (a.Args.Length == 1 && b.Args[0] >= a.Args[0]),
            ("numeric", "numeric")
                => b.Args.Length == 0 || (a.Args.Length == 2 && b.Args.Length == 2 && b.Args[1] == a.Args[1] && b.Args[0] >= a.Args[0]),
            ("timestamp", "timestamp") or ("timestamptz", "timestamptz") or ("time", "time") or ("interval", "interval") =>
                b.Args.Length == 0 || (a.Args.Length == 1 && b.Args[0] >= a.Args[0]),
            _ => false,
        };
    }

    /// <summary>Why an override cannot be honoured, or null when it can.</summary>
    public static string? Refusal(Sources.SourceTraits source, string from, string to, bool keyColumn)
    {
        if (KeepsValues(from, to)) return null;
        if (keyColumn)
            return $"it is a key column and its values are compared on both sides (chunk ranges, foreign keys); {to} would change them. " +
                   "Use a type that keeps the values (text or a longer varchar, numeric without a limit, a finer time " +
                   "precision) or convert after the load";
        if (!source.ConvertsInSelect)
            return $"the {source.Dialect} reader writes {from} values and does not convert them to {to}; " +
                   "choose a type that keeps the values (text or a longer varchar, numeric without a limit, a finer time " +
                   "precision) or convert after the load";
        return null;
    }

    readonly record struct TypeText(string Base, int[] Args)
    {
        public bool Equals(TypeText other) => Base == other.Base && Args.SequenceEqual(other.Args);
        public override int GetHashCode() => Base.GetHashCode(StringComparison.Ordinal);
    }

    static TypeText Parse(string type)
    {
        var text = Spaces().Replace(type.Trim().ToLowerInvariant(), " ");
        var args = Array.Empty<int>();
        if (Modifier().Match(text) is { Success: true } m)
        {
            args = m.Groups[1].Value.Split(',').Select(x => int.Parse(x.Trim(), CultureInfo.InvariantCulture)).ToArray();
            text = (text[..m.Index] + text[(m.Index + m.Length)..]).Trim();
        }
        text = text switch
        {
            "character varying" => "varchar",
            "char" or "bpchar" => "character",
            "decimal" => "numeric",
            "int" or "int4" => "integer",
            "int8" => "bigint",
            "int2" => "smallint",
            "timestamp without time zone" => "timestamp",
            "timestamp with time zone" => "timestamptz",
            "time without time zone" => "time",
            _ => text,
        };
        return new TypeText(text, args);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\(\s*(-?\d+\s*(?:,\s*-?\d+\s*)?)\)")]
    private static partial Regex Modifier();
}

using System.Text.RegularExpressions;

namespace Orchestrator.Core.Spec;

/// <summary>A schema.table glob: * matches any run of characters, ? one; a pattern without a dot matches the table in any schema.</summary>
public sealed class TablePattern
{
    readonly Regex _regex;

    public TablePattern(string pattern)
    {
        Pattern = pattern;
        var full = pattern.Contains('.') ? pattern : "*." + pattern;
        var body = Regex.Escape(full).Replace(@"\*", ".*").Replace(@"\?", ".");
        _regex = new Regex("^" + body + "$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    public string Pattern { get; }

    public bool Matches(string schema, string table) => _regex.IsMatch(schema + "." + table);

    public static bool IsSelected(TableSelection selection, string schema, string table) =>
        selection.Include.Any(p => new TablePattern(p).Matches(schema, table))
        && !selection.Exclude.Any(p => new TablePattern(p).Matches(schema, table));
}

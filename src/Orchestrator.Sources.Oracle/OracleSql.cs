using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.Oracle;

/// <summary>
/// The one quoting helper for Oracle SQL. Names are always double-quoted exactly as the catalog spells them (quoted
/// Oracle names are case-sensitive, so "Album" and ALBUM stay distinct); values always travel as bind variables.
/// </summary>
public static class OracleSql
{
    public static string Ident(string name)
    {
        if (name.Length == 0 || name.Contains('\0'))
            throw new ArgumentException($"not a valid Oracle identifier: '{name.Replace("\0", "\\0", StringComparison.Ordinal)}'",
                nameof(name));
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    public static string Table(TableName table) => Ident(table.Schema) + "." + Ident(table.Name);

    /// <summary>TO_CHAR for numbers, independent of the session's NLS_NUMERIC_CHARACTERS ('.' is always the point).</summary>
    public static string NumberText(string expression) => $"TO_CHAR({expression}, 'TM9', 'NLS_NUMERIC_CHARACTERS=''.,''')";
}

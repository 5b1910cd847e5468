using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Graph;

/// <summary>
/// The columns a foreign key references, read from its definition (FOREIGN KEY (a) REFERENCES s.t(x) ...), which every
/// dialect writes in PostgreSQL's form with the target's names; null when the definition does not say.
/// </summary>
public static class ReferencedKey
{
    public static IReadOnlyList<string>? Columns(ForeignKeyInfo fk)
    {
        var text = fk.Definition;
        var at = text.IndexOf(" REFERENCES ", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var i = at + " REFERENCES ".Length;
        // The table: identifiers joined by dots, then the column list in parentheses.
        while (i < text.Length && text[i] != '(')
        {
            if (text[i] == '"') i = SkipQuoted(text, i);
            else i++;
        }
        if (i >= text.Length) return null;
        var columns = new List<string>();
        i++;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] == ' ') i++;
            var start = i;
            string name;
            if (i < text.Length && text[i] == '"')
            {
                i = SkipQuoted(text, i);
                name = text[(start + 1)..(i - 1)].Replace("\"\"", "\"", StringComparison.Ordinal);
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or ')' or ' ')) i++;
                name = text[start..i];
            }
            if (name.Length == 0) return null;
            columns.Add(name);
            while (i < text.Length && text[i] == ' ') i++;
            if (i >= text.Length) return null;
            if (text[i] == ')') return columns.Count == fk.Columns.Count ? columns : null;
            if (text[i] != ',') return null;
            i++;
        }
        return null;
    }

    /// <summary>The index just past a quoted identifier that starts at <paramref name="i"/> ("" inside is a quote).</summary>
    static int SkipQuoted(string text, int i)
    {
        for (i++; i < text.Length; i++)
        {
            if (text[i] != '"') continue;
            if (i + 1 < text.Length && text[i + 1] == '"') { i++; continue; }
            return i + 1;
        }
        return i;
    }
}

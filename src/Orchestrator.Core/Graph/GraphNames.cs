using System.Text;
using System.Text.RegularExpressions;

namespace Orchestrator.Core.Graph;

/// <summary>Default labels and relationship types from table and column names, and what Neo4j's import header accepts.</summary>
public static partial class GraphNames
{
    /// <summary>Letters, digits and underscores, not starting with a digit: safe in :ID(Label) and as a Cypher name unquoted.</summary>
    public static bool IsValid(string name) => Name().IsMatch(name);

    /// <summary>patient_visit, PatientVisit or "patient visit" become PatientVisit.</summary>
    public static string Label(string table)
        => string.Concat(Words(table).Select(w => char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant()));

    /// <summary>patientId, patient_id or "patient id" become PATIENT_ID.</summary>
    public static string Type(string name) => string.Join('_', Words(name).Select(w => w.ToUpperInvariant()));

    /// <summary>
    /// The type a one-column foreign key suggests: its column without an id suffix (patient_id: PATIENT); null when nothing is left.
    /// </summary>
    public static string? Stem(string column)
    {
        var words = Words(column).ToList();
        if (words.Count > 1 && words[^1].Equals("id", StringComparison.OrdinalIgnoreCase)) words.RemoveAt(words.Count - 1);
        else if (words.Count == 1 && words[0].Equals("id", StringComparison.OrdinalIgnoreCase)) return null;
        return words.Count == 0 ? null : string.Join('_', words.Select(w => w.ToUpperInvariant()));
    }

    /// <summary>Words of a name: split at anything not a letter or digit, and where a lower-case letter meets an upper-case one.</summary>
    static IEnumerable<string> Words(string name)
    {
        var word = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var ch = name[i];
            if (!char.IsAsciiLetterOrDigit(ch))
            {
                if (word.Length > 0) yield return word.ToString();
                word.Clear();
                continue;
            }
            if (char.IsUpper(ch) && word.Length > 0 && char.IsLower(name[i - 1]))
            {
                yield return word.ToString();
                word.Clear();
            }
            word.Append(ch);
        }
        if (word.Length > 0) yield return word.ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Name();
}

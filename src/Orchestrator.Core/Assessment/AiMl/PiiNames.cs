namespace Orchestrator.Core.Assessment.AiMl;

/// <summary>
/// Column names that usually hold personal data, matched on the name's words (snake_case and camelCase split), so
/// "customer_email" matches and "model_name" does not. A bare "name" counts only in a table of people.
/// </summary>
public static class PiiNames
{
    static readonly HashSet<string> Words = ["email", "mail", "phone", "mobile", "ssn", "passport", "iban", "birthdate", "dob", "address",
        "surname", "salary", "taxid"];
    static readonly HashSet<string> NameQualifiers = ["first", "last", "full", "given", "family", "middle", "maiden", "person", "customer",
        "user", "contact", "employee", "patient"];
    static readonly HashSet<string> PeopleTables = ["people", "person", "persons", "customer", "customers", "user", "users", "employee",
        "employees", "patient", "patients", "contact", "contacts", "member", "members", "student", "students", "client", "clients"];

    public static bool IsPersonal(string table, string column)
    {
        var words = Split(column);
        if (words.Any(Words.Contains)) return true;
        if (Joined(words, "social", "security") || Joined(words, "birth", "date") || Joined(words, "date", "of", "birth")
            || Joined(words, "credit", "card") || Joined(words, "card", "number") || Joined(words, "tax", "id")) return true;
        if (words.Contains("name") && words.Count > 1) return words.Any(NameQualifiers.Contains);
        return words is ["name"] && Split(table).Any(PeopleTables.Contains);
    }

    static bool Joined(List<string> words, params string[] run)
    {
        for (var i = 0; i + run.Length <= words.Count; i++)
            if (run.Select((w, k) => words[i + k] == w).All(x => x)) return true;
        return false;
    }

    static List<string> Split(string name)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = !char.IsLetterOrDigit(c) || (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]));
            if (boundary && current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
            if (char.IsLetterOrDigit(c)) current.Append(char.ToLowerInvariant(c));
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }
}

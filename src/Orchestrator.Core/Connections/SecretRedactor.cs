using System.Data.Common;
using System.Text.RegularExpressions;

namespace Orchestrator.Core.Connections;

/// <summary>Last line of defence: removes passwords and keys from any text that leaves the process.</summary>
public static partial class SecretRedactor
{
    static readonly string[] SecretKeys = ["password", "pwd", "accountkey", "sharedaccesssignature", "sig", "secret", "token"];

    [GeneratedRegex(@"(?i)\b(password|pwd|accountkey|sharedaccesssignature|sig|client_secret|secret)\s*=\s*(""[^""]*""|'[^']*'|[^;\s&]+)")]
    private static partial Regex KeyValueSecret();

    public static string Redact(string text, IEnumerable<string>? knownConnectionStrings = null)
    {
        foreach (var cs in knownConnectionStrings ?? [])
            foreach (var secret in SecretsIn(cs))
                text = text.Replace(secret, "***", StringComparison.Ordinal);
        return KeyValueSecret().Replace(text, m => m.Groups[1].Value + "=***");
    }

    /// <summary>The secret values inside a connection string, for exact replacement.</summary>
    public static IEnumerable<string> SecretsIn(string connectionString)
    {
        var builder = new DbConnectionStringBuilder();
        try { builder.ConnectionString = connectionString; }
        catch (ArgumentException) { yield break; }
        foreach (string key in builder.Keys)
            if (SecretKeys.Any(k => key.Replace(" ", "").Equals(k, StringComparison.OrdinalIgnoreCase))
                && builder[key]?.ToString() is { Length: >= 3 } value)
                yield return value;
    }
}

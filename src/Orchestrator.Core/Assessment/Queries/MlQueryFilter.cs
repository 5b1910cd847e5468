using System.Text.RegularExpressions;
using Orchestrator.Core.Connections;

namespace Orchestrator.Core.Assessment.Queries;

/// <summary>Marks plan-cache statements that look like AI/ML work, and keeps literals that look like secrets out of the report.</summary>
public static partial class MlQueryFilter
{
    /// <summary>The stems matched, case-insensitively, anywhere in a word: "model_runs", "retrain", "predictions", "embeddings".</summary>
    public static IReadOnlyList<string> Terms { get; } = ["model", "train", "infer", "predict", "embedding"];

    public const int MaxTextLength = 2000;

    public static IReadOnlyList<string> Match(string text) =>
        Terms.Where(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>
    /// Statement text as the report shows it: passwords in DDL (PASSWORD '...', IDENTIFIED BY ...) and connection
    /// strings removed, cut at <see cref="MaxTextLength"/> characters.
    /// </summary>
    public static string Clean(string text)
    {
        var cleaned = SecretRedactor.Redact(PasswordLiteral().Replace(text, "$1 '***'"));
        return cleaned.Length <= MaxTextLength ? cleaned : cleaned[..MaxTextLength] + " ...";
    }

    public static HeavyQuery Query(string text, long calls, double totalMs, double meanMs, long rows) =>
        new(Clean(text), calls, totalMs, meanMs, rows, Match(text));

    /// <summary>The top statements by time, plus further ones among those read that match an AI/ML term.</summary>
    public static IReadOnlyList<HeavyQuery> Select(IEnumerable<HeavyQuery> byTotalTime, int top)
    {
        var all = byTotalTime.ToList();
        return all.Take(top).Concat(all.Skip(top).Where(q => q.MlTerms.Count > 0).Take(top)).ToList();
    }

    [GeneratedRegex(@"\b(PASSWORD|IDENTIFIED\s+BY|SECRET)\s+('[^']*'|""[^""]*""|\S+)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordLiteral();
}

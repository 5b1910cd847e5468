namespace Orchestrator.Core.Staging;

/// <summary>
/// The staging store cannot take or give back data, told with where (a path, or a blob container's url without
/// credentials) and the operating system's or the store's own reason. Not retried: a full disk or a store that stayed
/// away through its retries does not heal in the seconds an activity retry waits; a rerun with the same id resumes.
/// </summary>
public sealed class StagingFailedException(string message, Exception inner) : Exception(message, inner)
{
    /// <summary>
    /// The operating system's wording of a file error without the path .NET appends to it ("No space left on device"
    /// for "No space left on device : '/x'"), so a message names the path once.
    /// </summary>
    public static string Reason(Exception e, string path)
    {
        var text = e.Message;
        foreach (var suffix in new[] { $" : '{path}'", $" '{path}'" })
            if (text.EndsWith(suffix, StringComparison.Ordinal)) return text[..^suffix.Length];
        return text.Replace($"'{path}'", "it", StringComparison.Ordinal);
    }
}

using System.Text;

namespace Orchestrator.Functions.Schedule;

/// <summary>The instance (and migration) id of a scheduled spec: stable per blob, so each spec runs as a singleton.</summary>
public static class ScheduledInstanceId
{
    const string Prefix = "sched-";
    const int MaxLength = 80;

    public static string For(string blobName)
    {
        var stem = blobName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? blobName[..^5] : blobName;
        var id = new StringBuilder(Prefix);
        foreach (var ch in stem) id.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '-');
        if (id.Length <= MaxLength) return id.ToString();
        // Long names keep a readable head and a hash of the whole name, so two long names never collide.
        return $"{id.ToString(0, MaxLength - 9)}-{Fnv(blobName):x8}";
    }

    static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var ch in text) hash = unchecked((hash ^ ch) * 16777619u);
        return hash;
    }
}

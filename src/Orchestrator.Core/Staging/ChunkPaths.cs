namespace Orchestrator.Core.Staging;

/// <summary>Object names inside a migration's staging area, shared by every store.</summary>
public static class ChunkPaths
{
    public static string Manifest(string chunkId) => $"chunks/{chunkId}.manifest.json";

    public static string NewData(string chunkId) => $"chunks/{chunkId}.{Guid.NewGuid():N}.zst";

    /// <summary>The rows of a chunk a rule refused (JSON lines), written before its manifest.</summary>
    public static string Rejects(string chunkId) => $"rejects/{chunkId}.jsonl";

    public static string DataPrefix(string chunkId) => $"chunks/{chunkId}.";

    /// <summary>Migration ids become folder and blob prefixes; keep them to a safe alphabet.</summary>
    public static void CheckMigrationId(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 80 || id.StartsWith('.')
            || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new Spec.SpecException($"--id: '{id}' is not a valid migration id (1-80 characters: letters, digits, '-', " +
                "'_', '.'; not starting with '.')");
    }
}

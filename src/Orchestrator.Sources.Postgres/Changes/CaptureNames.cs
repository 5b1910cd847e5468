using System.IO.Hashing;
using System.Text;

namespace Orchestrator.Core.Sources.Postgres.Changes;

/// <summary>
/// The replication slot and publication of a capture: one name for both, "migrator_" and the capture id in the
/// characters slot names allow (a-z, 0-9, _), with a hash of the id when folding or length lost anything.
/// </summary>
public static class CaptureNames
{
    const int MaxLength = 63;

    public static string For(string captureId)
    {
        var folded = new StringBuilder("migrator_");
        foreach (var ch in captureId.ToLowerInvariant())
            folded.Append(char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) ? ch : '_');
        var name = folded.ToString();
        if (name == "migrator_" + captureId && name.Length <= MaxLength) return name;
        var hash = Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(captureId)))[..12];
        return name[..Math.Min(name.Length, MaxLength - hash.Length - 1)] + "_" + hash;
    }
}

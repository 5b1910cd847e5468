using System.Security.Cryptography;
using System.Text.Json;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// A model artifact, streamed from the source value straight into the artifact store (never whole in memory) and
/// replaced by a jsonb reference {"uri", "sha256", "bytes"}. In threshold mode a value up to thresholdBytes stays in
/// the row, base64 in the same jsonb ({"sha256", "bytes", "base64"}); in inline mode the column stays bytea.
/// </summary>
public sealed class ArtifactShaper(ArtifactRule rule, IArtifactStore store) : FieldShaper
{
    /// <summary>PostgreSQL's limit for one field (1 GB); an inline value above it cannot be stored.</summary>
    public const long InlineLimit = (1L << 30) - 1;

    public long External { get; private set; }
    public long ExternalBytes { get; private set; }

    public override bool Streams => true;

    public override Shaped Shape(byte[]? value) => Shaped.Null;

    public override async ValueTask<Shaped> ShapeAsync(int length, CopyTupleReader reader, CancellationToken ct)
    {
        if (rule.Mode == "inline")
            return length > InlineLimit
                ? Shaped.Refuse($"artifact of {length} bytes exceeds PostgreSQL's 1 GB field limit; use mode external")
                : new Shaped(await reader.ReadValueAsync(length, ct));
        if (rule.Mode == "threshold" && length <= rule.ThresholdBytes)
        {
            var value = await reader.ReadValueAsync(length, ct);
            return Json(new { sha256 = Convert.ToHexStringLower(SHA256.HashData(value)), bytes = (long)length,
                base64 = Convert.ToBase64String(value) });
        }
        await using var writer = await store.BeginAsync(ct);
        await reader.ReadValueAsync(length, piece => writer.WriteAsync(piece, ct), ct);
        var kept = await writer.CompleteAsync(ct);
        External++;
        ExternalBytes += length;
        return Json(new { uri = kept.Uri, sha256 = kept.Sha256, bytes = kept.Bytes });
    }

    // jsonb's binary form: version 1, then the JSON text in the form the target gives back.
    static Shaped Json(object reference) => new([1, .. JsonbText.Canonical(JsonSerializer.SerializeToUtf8Bytes(reference))]);
}

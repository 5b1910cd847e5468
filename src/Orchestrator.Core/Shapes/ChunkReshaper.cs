using System.Buffers.Binary;
using System.Security.Cryptography;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// Rewrites a chunk's binary COPY stream through the column shapers: every row is shaped field by field into a row
/// spool and written out whole, or, when a shaper refuses a value, left out and logged with its reason. Columns
/// without a shaper pass through unchanged, in pieces, whatever their size.
/// </summary>
public sealed class ChunkReshaper(IReadOnlyList<FieldShaper?> shapers, IReadOnlyList<string> columns, RejectLog rejects)
{

    public long Rows { get; private set; }

    public async Task RunAsync(Stream source, Stream output, CancellationToken ct)
    {
        var reader = new CopyTupleReader(source);
        await reader.ReadHeaderAsync(ct);
        await output.WriteAsync(BinaryCopy.Header, ct);
        await using var row = new RowSpool();
        var originals = new object?[shapers.Count];
        var scratch = new byte[4];
        long number = 0;
        while (true)
        {
            var fields = await reader.ReadFieldCountAsync(ct);
            if (fields < 0) break;
            if (fields != shapers.Count)
                throw new InvalidDataException($"a source row has {fields} fields, the chunk reads {shapers.Count} columns");
            number++;
            row.Reset();
            BinaryPrimitives.WriteInt16BigEndian(scratch, (short)fields);
            await row.WriteAsync(scratch.AsMemory(0, 2), ct);
            (string Column, string Reason)? refused = null;
            for (var i = 0; i < fields; i++)
            {
                var length = await reader.ReadLengthAsync(ct);
                var shaper = shapers[i];
                if (refused is not null)
                {
                    originals[i] = await ReadKeptAsync(reader, length, forward: null, ct);
                    // Personal data never reaches the rejects as it was: it is recorded transformed, as it would have been loaded.
                    if (shaper is PiiShaper pii) originals[i] = pii.Shape(originals[i] as byte[]).Value;
                    continue;
                }
                if (shaper is null)
                {
                    await WriteLengthAsync(row, scratch, length, ct);
                    originals[i] = await ReadKeptAsync(reader, length, piece => row.WriteAsync(piece, ct), ct);
                    continue;
                }
                Shaped shaped;
                if (length < 0) { originals[i] = null; shaped = shaper.Shape(null); }
                else if (shaper.Streams)
                {
                    originals[i] = new OmittedValue(length, "(streamed to the artifact store)");
                    shaped = await shaper.ShapeAsync(length, reader, ct);
                }
                else
                {
                    var value = await reader.ReadValueAsync(length, ct);
                    originals[i] = value.Length <= RejectLog.KeptValueBytes ? value
                        : new OmittedValue(value.Length, Convert.ToHexStringLower(SHA256.HashData(value)));
                    shaped = shaper.Shape(value);
                }
                if (shaper is PiiShaper) originals[i] = shaped.Value;
                if (shaped.Reject is { } reason) { refused = (columns[i], reason); continue; }
                await WriteLengthAsync(row, scratch, shaped.Value?.Length ?? -1, ct);
                if (shaped.Value is { } bytes) await row.WriteAsync(bytes, ct);
            }
            if (refused is { } r) rejects.Add(number, r.Column, r.Reason, originals);
            else
            {
                await row.CopyToAsync(output, ct);
                Rows++;
            }
        }
        BinaryPrimitives.WriteInt16BigEndian(scratch, -1);
        await output.WriteAsync(scratch.AsMemory(0, 2), ct);
    }

    static async ValueTask WriteLengthAsync(RowSpool row, byte[] scratch, int length, CancellationToken ct)
    {
        BinaryPrimitives.WriteInt32BigEndian(scratch, length);
        await row.WriteAsync(scratch.AsMemory(0, 4), ct);
    }

    /// <summary>
    /// Reads a value, handing it on piece by piece to <paramref name="forward"/> when given, and returns what a reject
    /// record keeps of it: null, the bytes (up to 64 KB), or its length and SHA-256.
    /// </summary>
    static async ValueTask<object?> ReadKeptAsync(CopyTupleReader reader, int length,
        Func<ReadOnlyMemory<byte>, ValueTask>? forward, CancellationToken ct)
    {
        if (length < 0) return null;
        if (length <= RejectLog.KeptValueBytes)
        {
            var value = await reader.ReadValueAsync(length, ct);
            if (forward is not null) await forward(value);
            return value;
        }
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await reader.ReadValueAsync(length, async piece =>
        {
            sha.AppendData(piece.Span);
            if (forward is not null) await forward(piece);
        }, ct);
        return new OmittedValue(length, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}

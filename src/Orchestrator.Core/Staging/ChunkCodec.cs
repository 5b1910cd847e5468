using System.Buffers;
using ZstdSharp;

namespace Orchestrator.Core.Staging;

/// <summary>
/// The compression of staged chunks: zstd streams (checksummed frames) or none. A level set in the spec applies to
/// every chunk. Without one (auto, the default) each chunk's first MiB is compressed as a sample, and the chunk is
/// stored as zstd only when the sample shrinks to two thirds or less: on data that barely compresses (random or
/// already compressed bytes) zstd costs more CPU than the staging store saves in bytes (level 1 made the bench
/// table's chunks 20% smaller for 0.6 CPU-s per 74 MB chunk).
/// </summary>
public static class ChunkCodec
{
    public const string Zstd = "zstd";
    public const string None = "none";
    /// <summary>The zstd level auto uses when a chunk compresses well.</summary>
    public const int AutoLevel = 1;
    internal const int SampleBytes = 1 << 20;
    internal const double WorthwhileRatio = 2.0 / 3;

    public static string ForLevel(int level) => level == 0 ? None : Zstd;

    /// <summary>A write-only stream that stages a chunk into <paramref name="output"/>; null level = auto.</summary>
    public static ChunkWriter Compress(StagingWrite output, int? level) => new(output, level);

    internal static Stream Open(Stream output, int level)
    {
        if (level == 0) return output;
        // leaveOpen: zstd closes its output with a synchronous Dispose, and committing a staged chunk is I/O (a blob
        // upload): ChunkWriter commits the output itself, asynchronously, so no thread blocks on that I/O.
        var stream = new CompressionStream(output, level, leaveOpen: true);
        stream.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        return stream;
    }

    /// <summary>The level auto chooses for data that starts like <paramref name="sample"/>.</summary>
    internal static int ChooseLevel(ReadOnlySpan<byte> sample)
    {
        if (CompressIfWorthwhile(sample) is not { } frame) return 0;
        ArrayPool<byte>.Shared.Return(frame.Buffer);
        return AutoLevel;
    }

    /// <summary>
    /// <paramref name="data"/> as one checksummed zstd frame at the auto level, in a pooled buffer the caller returns,
    /// when it shrinks to <see cref="WorthwhileRatio"/> or less; otherwise null. A chunk that fits in the sample is
    /// then compressed once: the trial is the chunk (a small table's chunk paid for two compressions before).
    /// </summary>
    internal static (byte[] Buffer, int Length)? CompressIfWorthwhile(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return null;
        // Pooled: a MiB-sized array per chunk is a large-object allocation, and a run of many small tables made one
        // per chunk (with the sample's), which the GC paid for in full collections (18 of 30 collections were full; pooled, 2 of 12).
        var output = ArrayPool<byte>.Shared.Rent(Compressor.GetCompressBound(data.Length));
        var length = TrialCompressor.Wrap(data, output);
        if (length <= data.Length * WorthwhileRatio) return (output, length);
        ArrayPool<byte>.Shared.Return(output);
        return null;
    }

    // One compression context per thread, kept: creating one per chunk cost about as much as compressing a small
    // table's chunk. Wrap is synchronous, so no other chunk can use the context mid-call.
    [ThreadStatic] static Compressor? t_trial;

    static Compressor TrialCompressor
    {
        get
        {
            if (t_trial is null)
            {
                t_trial = new Compressor(AutoLevel);
                t_trial.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
            }
            return t_trial;
        }
    }

    public static Stream Decompress(Stream input, string codec) => codec switch
    {
        Zstd => new DecompressionStream(input, leaveOpen: false),
        None => input,
        _ => throw new InvalidDataException($"unknown chunk codec '{codec}'"),
    };
}

/// <summary>
/// Writes a staged chunk: at a fixed level from the start, or (auto) after holding back the first
/// <see cref="ChunkCodec.SampleBytes"/> to choose the level from them. <see cref="CompleteAsync"/> ends the codec's
/// stream and commits the chunk to its store; disposed without it, the chunk is abandoned (see <see cref="StagingWrite"/>).
/// <see cref="Codec"/> is final once completed.
/// </summary>
public sealed class ChunkWriter : WriteOnlyStream
{
    readonly StagingWrite _output;
#pragma warning disable CA2213 // closed in CloseAsync, which WriteOnlyStream's dispose calls (the analyzer does not follow it)
    readonly Sink _sink;
    byte[]? _sample;
    int _sampled;
    Stream? _inner;
#pragma warning restore CA2213
    bool _completed;

    public ChunkWriter(StagingWrite output, int? level)
    {
        _output = output;
        _sink = new Sink(output);
        if (level is { } fixedLevel) Choose(fixedLevel);
        else _sample = ArrayPool<byte>.Shared.Rent(ChunkCodec.SampleBytes);
    }

    public string Codec { get; private set; } = ChunkCodec.None;

    /// <summary>The bytes the store received: the chunk's size as staged.</summary>
    public long CompressedBytes => _sink.Count;

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        if (_inner is null)
        {
            buffer = buffer[Hold(buffer.Span)..];
            if (_sampled < ChunkCodec.SampleBytes) return;
            await DecideAsync(ct);
        }
        if (!buffer.IsEmpty) await _inner!.WriteAsync(buffer, ct);
    }

    public async ValueTask CompleteAsync(CancellationToken ct)
    {
        if (_inner is null) await DecideWholeAsync(ct);
        await CloseCodecAsync(); // the codec's last frame reaches the sink
        await _output.CommitAsync(ct);
        _completed = true;
    }

    protected override async ValueTask CloseAsync()
    {
        if (!_completed)
        {
            // Abandoned: the sink drops what the codec still flushes as it closes, so nothing more reaches the store.
            _sink.Drop();
            try { await CloseCodecAsync(); } catch (Exception e) when (e is ZstdException or IOException) { }
            if (_sample is { } held) ArrayPool<byte>.Shared.Return(held);
            _sample = null;
        }
        await _sink.DisposeAsync();
        await _output.DisposeAsync();
    }

    /// <summary>The codec's stream over the sink (the sink itself when uncompressed), which leaves the sink open.</summary>
    ValueTask CloseCodecAsync() =>
        _inner is { } codec && !ReferenceEquals(codec, _sink) ? codec.DisposeAsync() : ValueTask.CompletedTask;

    int Hold(ReadOnlySpan<byte> data)
    {
        var take = Math.Min(data.Length, ChunkCodec.SampleBytes - _sampled);
        data[..take].CopyTo(_sample!.AsSpan(_sampled));
        _sampled += take;
        return take;
    }

    async Task DecideAsync(CancellationToken ct)
    {
        var held = _sample!;
        _sample = null;
        var sample = held.AsMemory(0, _sampled);
        Choose(ChunkCodec.ChooseLevel(sample.Span));
        try { if (!sample.IsEmpty) await _inner!.WriteAsync(sample, ct); }
        finally { ArrayPool<byte>.Shared.Return(held); }
    }

    /// <summary>The whole chunk is the sample: its trial compression, when worth keeping, is what is stored.</summary>
    async Task DecideWholeAsync(CancellationToken ct)
    {
        var held = _sample!;
        _sample = null;
        try
        {
            if (ChunkCodec.CompressIfWorthwhile(held.AsSpan(0, _sampled)) is { } frame)
            {
                try { await _sink.WriteAsync(frame.Buffer.AsMemory(0, frame.Length), ct); }
                finally { ArrayPool<byte>.Shared.Return(frame.Buffer); }
                (_inner, Codec) = (_sink, ChunkCodec.Zstd);
                return;
            }
            Choose(0);
            if (_sampled > 0) await _sink.WriteAsync(held.AsMemory(0, _sampled), ct);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(held);
        }
    }

    void Choose(int level)
    {
        _inner = ChunkCodec.Open(_sink, level);
        Codec = ChunkCodec.ForLevel(level);
    }

    /// <summary>Between the codec and the store: counts what the store receives, and drops it all once abandoned.</summary>
    sealed class Sink(StagingWrite output) : WriteOnlyStream
    {
        bool _dropped;
        public long Count { get; private set; }

        public void Drop() => _dropped = true;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            if (_dropped) return;
            await output.WriteAsync(buffer, ct);
            Count += buffer.Length;
        }
    }
}

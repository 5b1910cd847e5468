using ZstdSharp;

namespace Orchestrator.Core.Staging;

/// <summary>
/// The compression of staged chunks: zstd streams (fast at low levels, checksummed frames), or none (level 0) when
/// the staging disk is faster than compression is.
/// </summary>
public static class ChunkCodec
{
    public const string Zstd = "zstd";
    public const string None = "none";

    public static string ForLevel(int level) => level == 0 ? None : Zstd;

    public static Stream Compress(Stream output, int level)
    {
        if (level == 0) return output;
        var stream = new CompressionStream(output, level, leaveOpen: false);
        stream.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        return stream;
    }

    public static Stream Decompress(Stream input, string codec) => codec switch
    {
        Zstd => new DecompressionStream(input, leaveOpen: false),
        None => input,
        _ => throw new InvalidDataException($"unknown chunk codec '{codec}'"),
    };
}

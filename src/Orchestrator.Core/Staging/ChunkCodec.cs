using ZstdSharp;

namespace Orchestrator.Core.Staging;

/// <summary>The compression of staged chunks: zstd streams (fast at low levels, and checksummed frames).</summary>
public static class ChunkCodec
{
    public const string Name = "zstd";

    public static Stream Compress(Stream output, int level)
    {
        var stream = new CompressionStream(output, level, leaveOpen: false);
        stream.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        return stream;
    }

    public static Stream Decompress(Stream input) => new DecompressionStream(input, leaveOpen: false);
}

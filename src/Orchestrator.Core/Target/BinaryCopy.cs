namespace Orchestrator.Core.Target;

/// <summary>The fixed parts of PostgreSQL's binary COPY format, for every reader and writer of it.</summary>
public static class BinaryCopy
{
    /// <summary>The header's length up to its extension area: signature 11, flags 4, extension length 4.</summary>
    public const int HeaderFixedLength = 19;

    /// <summary>The header a writer writes: the signature, no flags, no extension area.</summary>
    public static ReadOnlyMemory<byte> Header { get; } = new byte[]
    {
        (byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xff, (byte)'\r', (byte)'\n', 0,
        0, 0, 0, 0, 0, 0, 0, 0,
    };

    /// <summary>The 11 bytes every stream starts with.</summary>
    public static ReadOnlySpan<byte> Signature => Header.Span[..11];

    /// <summary>The field count of -1 that ends a stream.</summary>
    public static ReadOnlyMemory<byte> Trailer { get; } = new byte[] { 0xff, 0xff };
}

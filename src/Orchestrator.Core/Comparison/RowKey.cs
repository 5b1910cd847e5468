using System.IO.Hashing;

namespace Orchestrator.Core.Comparison;

/// <summary>
/// A row's key as the COPY stream encodes its key fields: binary, each field's length and bytes; text, the fields
/// joined by tabs. Both sides encode the target's types, so equal keys have equal bytes.
/// </summary>
public readonly struct RowKey(byte[] bytes) : IEquatable<RowKey>
{
    readonly int _hash = (int)XxHash3.HashToUInt64(bytes);

    public byte[] Bytes { get; } = bytes;

    public bool Equals(RowKey other) => _hash == other._hash && Bytes.AsSpan().SequenceEqual(other.Bytes);
    public override bool Equals(object? obj) => obj is RowKey other && Equals(other);
    public override int GetHashCode() => _hash;

    public string Base64 => Convert.ToBase64String(Bytes);
    public static RowKey FromBase64(string text) => new(Convert.FromBase64String(text));
}

/// <summary>A row seen by a <see cref="RowHasher"/>: its key and one hash per column (a NULL hashes apart from an empty value).</summary>
public sealed record SeenRow(RowKey Key, ulong[] Columns);

namespace Orchestrator.Core.Validation;

/// <summary>
/// Sees the tuples of a binary COPY stream as <see cref="CopyStreamDigester"/> reads them: each field's length (and
/// the bytes of fixed-width values it asks for), then the tuple's hash. Validation measures columns with one
/// (<see cref="StreamMeasures"/>); a live comparison sorts tuples into key ranges with another.
/// </summary>
public interface ITupleObserver
{
    /// <summary>
    /// Whether <see cref="Field"/> needs this field's bytes (fixed-width values of at most 16 bytes); else it gets only the length.
    /// </summary>
    bool NeedsValue(int field);

    /// <summary>One field: its 0-based position in the tuple, its length (-1 for NULL), and its bytes when asked for.</summary>
    void Field(int field, int length, ReadOnlySpan<byte> value);

    /// <summary>The tuple just ended, with the hash its digest added.</summary>
    void Tuple(UInt128 hash) { }
}

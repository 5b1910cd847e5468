namespace Orchestrator.Core.Shapes;

/// <summary>What a shaper made of one value: the target's binary COPY value (null = SQL NULL), or why the row is rejected.</summary>
public readonly record struct Shaped(byte[]? Value, string? Reject = null)
{
    public static Shaped Null => new(null);
    public static Shaped Refuse(string reason) => new(null, reason);
}

/// <summary>
/// Turns one column's source value (binary COPY form) into the target's. Most shapers parse the whole value; an
/// artifact shaper streams it instead (<see cref="Streams"/>), since artifacts run to gigabytes.
/// </summary>
public abstract class FieldShaper
{
    public virtual bool Streams => false;

    /// <summary>A whole value; null when the source value is NULL.</summary>
    public virtual Shaped Shape(byte[]? value) => throw new NotSupportedException();

    /// <summary>A value read in pieces from the reader (length ≥ 0; NULL goes to <see cref="Shape"/>).</summary>
    public virtual ValueTask<Shaped> ShapeAsync(int length, CopyTupleReader reader, CancellationToken ct)
        => throw new NotSupportedException();
}

using System.Globalization;

namespace Orchestrator.Core.Validation;

/// <summary>
/// An order-independent digest of a multiset of rows: the wrapping sum of a 128-bit hash of each encoded tuple, with
/// the row count. Chunk digests add up to the table's, so any grouping of rows can be compared with any other.
/// </summary>
public readonly record struct RowSetDigest(long Rows, UInt128 Sum)
{
    public static RowSetDigest Empty => default;

    public RowSetDigest Add(UInt128 tupleHash) => new(Rows + 1, unchecked(Sum + tupleHash));

    public static RowSetDigest operator +(RowSetDigest a, RowSetDigest b) => new(a.Rows + b.Rows, unchecked(a.Sum + b.Sum));

    /// <summary>Hex of the sum: what manifests, ledgers and reports carry.</summary>
    public string Hex => Sum.ToString("x32", CultureInfo.InvariantCulture);

    public static RowSetDigest Parse(long rows, string hex) =>
        new(rows, UInt128.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    public override string ToString() => $"{Rows} rows, {Hex}";
}

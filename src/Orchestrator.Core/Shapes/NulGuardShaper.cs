namespace Orchestrator.Core.Shapes;

/// <summary>
/// SQL Server's source.nulCharacters "reject": a text value holding U+0000 (byte 0 in UTF-8, which PostgreSQL text
/// cannot store) sends its row to the rejects instead of failing the chunk at load.
/// </summary>
public sealed class NulGuardShaper : FieldShaper
{
    public override Shaped Shape(byte[]? value)
    {
        if (value is null) return Shaped.Null;
        var at = Array.IndexOf(value, (byte)0);
        return at < 0 ? new Shaped(value)
            : Shaped.Refuse($"holds a NUL character at byte {at}, which PostgreSQL text cannot store (source.nulCharacters: reject)");
    }
}

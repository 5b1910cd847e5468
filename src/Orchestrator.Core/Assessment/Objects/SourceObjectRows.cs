using System.Data.Common;

namespace Orchestrator.Core.Assessment.Objects;

/// <summary>
/// Reads the rows every dialect's object query returns, in this column order: kind, schema, name, table, language, definition.
/// </summary>
public static class SourceObjectRows
{
    public static async Task<List<SourceObject>> ReadAllAsync(DbCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var list = new List<SourceObject>();
        while (await reader.ReadAsync(ct))
            list.Add(new SourceObject(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                Text(reader, 3), Text(reader, 4), Text(reader, 5)));
        return list;
    }

    static string? Text(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

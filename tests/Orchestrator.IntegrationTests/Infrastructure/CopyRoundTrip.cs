using Npgsql;
using Orchestrator.Core.Validation;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>A staged binary COPY stream loaded into a fresh table and read back: the two digests validation compares.</summary>
static class CopyRoundTrip
{
    public static async Task<(string Staged, string ReadBack)> DigestsAsync(TestDatabase db, string table, string columns, byte[] staged)
    {
        await db.ExecuteAsync($"CREATE TABLE {table} ({columns})");
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        await using (var load = await connection.BeginRawBinaryCopyAsync($"COPY {table} FROM STDIN (FORMAT BINARY)"))
            await load.WriteAsync(staged);
        using var back = new MemoryStream();
        await using (var read = await connection.BeginRawBinaryCopyAsync($"COPY {table} TO STDOUT (FORMAT BINARY)"))
            await read.CopyToAsync(back);
        return (Digest(staged), Digest(back.ToArray()));
    }

    static string Digest(byte[] copy)
    {
        var digester = new CopyStreamDigester();
        digester.Append(copy);
        return digester.Finish().ToString();
    }
}

using System.Globalization;
using System.Security.Cryptography;
using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Shapes;

/// <summary>
/// Target-side checks of reshaped columns, beside the digests: the norms of the stored vectors (compared in the
/// report with the norms the extract computed), and every external artifact read back from the store and hashed
/// again (SHA-256 of the source stream against the stored object's).
/// </summary>
public static class ShapeValidation
{
    public static async Task<Dictionary<string, NormSummary>> VectorNormsAsync(NpgsqlDataSource target,
        TableInfo table, CancellationToken ct)
    {
        var norms = new Dictionary<string, NormSummary>(StringComparer.Ordinal);
        foreach (var column in table.Columns.Where(c => c.Rule?.Vector is not null))
        {
            // vector_norm (vector) and l2_norm (halfvec) both sum the squares in double, as VectorNorms does.
            var norm = $"{(column.Rule!.Vector!.Type == "halfvec" ? "l2_norm" : "vector_norm")}({PgSql.Ident(column.Name)})";
            await using var command = target.CreateCommand(
                $"SELECT count({norm}), min({norm}), max({norm}), sum({norm}) FROM {PgSql.Table(table.Name)}");
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (reader.GetInt64(0) > 0)
                norms[column.Name] = new NormSummary(reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
        }
        return norms;
    }

    /// <summary>Problems with external artifacts: missing from the store, or bytes whose SHA-256 is not the reference's.</summary>
    public static async Task<(long Verified, List<string> Problems)> ArtifactsAsync(NpgsqlDataSource target, TableInfo table,
        IArtifactStore store, CancellationToken ct)
    {
        var problems = new List<string>();
        long verified = 0;
        foreach (var column in table.Columns.Where(c => c.Rule?.Artifact is { Mode: not "inline" }))
        {
            var c = PgSql.Ident(column.Name);
            var hashes = new List<(string Sha, long Bytes)>();
            await using (var command = target.CreateCommand(
                $"SELECT DISTINCT {c}->>'sha256', ({c}->>'bytes')::bigint FROM {PgSql.Table(table.Name)} WHERE {c} ? 'uri'"))
            await using (var reader = await command.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) hashes.Add((reader.GetString(0), reader.GetInt64(1)));
            foreach (var (sha, bytes) in hashes)
            {
                await using var stored = await store.OpenAsync(sha, ct);
                if (stored is null) { problems.Add($"{column.Name}.artifact {sha}: missing from the artifact store"); continue; }
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 16];
                long length = 0;
                int read;
                while ((read = await stored.ReadAsync(buffer, ct)) > 0) { hash.AppendData(buffer, 0, read); length += read; }
                var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (actual != sha || length != bytes)
                    problems.Add($"{column.Name}.artifact {sha}: stored object has " +
                        $"{length.ToString(CultureInfo.InvariantCulture)} bytes, SHA-256 {actual}");
                else verified++;
            }
        }
        return (verified, problems);
    }
}

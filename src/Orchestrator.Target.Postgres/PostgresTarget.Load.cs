using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Target;

/// <summary>Load: one staged chunk into its table, with its ledger row, exactly once; a corrupt chunk is refused.</summary>
public sealed partial class PostgresTarget
{
    /// <summary>
    /// Loads one staged chunk: its COPY and its ledger row commit together, so a chunk is loaded exactly once however
    /// often this runs. The stream's row-set digest is checked before commit: a corrupt chunk is rolled back, never loaded.
    /// </summary>
    public async Task<LoadOutcome> LoadChunkAsync(ChunkManifest manifest, TableName table, Func<CancellationToken, Task<Stream>> openData,
        Action<long>? onBytes = null, Func<CancellationToken, Task<string?>>? readRejects = null, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        using var watch = ServerProgress.Watch(target, connection, $"loading chunk {manifest.ChunkId} into {table}");
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The lock, then the ledger, in one round trip: under READ COMMITTED the second statement takes its snapshot
        // after the first has the lock, so it sees a chunk another process committed while this one waited.
        await using (var find = Batch(connection, [(LoadLedger.Lock, [$"load:{manifest.MigrationId}:{manifest.ChunkId}"]),
                         (LoadLedger.FindChunk, [manifest.MigrationId, manifest.ChunkId])]))
        {
            await using var reader = await find.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct);
            if (await reader.ReadAsync(ct)) return new LoadOutcome(LoadStatus.AlreadyLoaded, reader.GetInt64(0));
        }

        try
        {
            return await LoadRowsAsync(connection, tx, manifest, table, openData, onBytes, readRejects, ct);
        }
        catch (PostgresException full) when (full.SqlState == PostgresErrorCodes.DiskFull)
        {
            throw await OutOfSpaceAsync(full, table, ct);
        }
    }

    /// <summary>The chunk's COPY, its rejects and its ledger row, in the transaction that holds the chunk's lock.</summary>
    static async Task<LoadOutcome> LoadRowsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ChunkManifest manifest, TableName table,
        Func<CancellationToken, Task<Stream>> openData, Action<long>? onBytes, Func<CancellationToken, Task<string?>>? readRejects,
        CancellationToken ct)
    {
        var copyIn = await CopyStreams.OpenCopyInAsync(connection,
            PgSql.CopyIn(table, manifest.Columns.Select(c => c.Name).ToList(), manifest.Format), manifest.Format, ct);
        string? problem;
        try
        {
            problem = await CopyChunkAsync(manifest, openData, copyIn.Stream, onBytes, ct);
            if (problem is null) await copyIn.Stream.DisposeAsync(); // ends the COPY: the server's verdict on the rows comes here
        }
        catch (Exception)
        {
            // Any stage that failed (the staged data, the network, the server) ends the COPY here, at once: the
            // transaction then rolls back as the connection closes, and nothing of the chunk is loaded.
            await AbandonAsync(copyIn);
            throw;
        }
        if (problem is not null)
        {
            await AbandonAsync(copyIn);
            return new LoadOutcome(LoadStatus.Corrupt, 0, problem);
        }
        if (manifest.Rejects > 0)
        {
            // The refused rows commit with the chunk: every source row of it is then in the table or in _migrator.rejects.
            var text = readRejects is null ? null : await readRejects(ct);
            var rows = text is null ? [] : Shapes.RejectLog.Parse(text).ToList();
            if (rows.Count != manifest.Rejects)
                return new LoadOutcome(LoadStatus.Corrupt, 0,
                    $"the chunk's rejects document holds {rows.Count} rows but its manifest says {manifest.Rejects}");
            foreach (var row in rows)
                await ExecuteAsync(connection, LoadLedger.RecordReject, ct, manifest.MigrationId, manifest.ChunkId, row.Row,
                    table.Schema, table.Name,
                    row.Reason, Shapes.RejectLog.SourceJson(row));
        }
        await ExecuteAsync(connection, LoadLedger.RecordChunk, ct, manifest.MigrationId, manifest.ChunkId, table.Schema, table.Name,
            manifest.Rows, manifest.Digest, manifest.SourcePosition?.ToString(), manifest.Query, manifest.Rejects, manifest.ExtractedAtUtc,
            manifest.VectorNorms is null ? null : System.Text.Json.JsonSerializer.Serialize(manifest.VectorNorms));
        await tx.CommitAsync(ct);
        return new LoadOutcome(LoadStatus.Loaded, manifest.Rows);
    }

    /// <summary>
    /// Streams a staged chunk into an open COPY, checking its digest on the way; returns why the staged data cannot be
    /// loaded (it is damaged or unreadable: extract it again), or null when every byte went in and matched.
    /// </summary>
    static async Task<string?> CopyChunkAsync(ChunkManifest manifest, Func<CancellationToken, Task<Stream>> openData, Stream copy,
        Action<long>? onBytes, CancellationToken ct)
    {
        var digester = CopyFormats.Digester(manifest.Format);
        var buffer = new byte[BufferSize];
        Stream? data = null;
        try
        {
            data = ChunkCodec.Decompress(await openData(ct), manifest.Codec);
            int read;
            while ((read = await data.ReadAsync(buffer, ct)) > 0)
            {
                digester.Append(buffer.AsSpan(0, read));
                await copy.WriteAsync(buffer.AsMemory(0, read), ct);
                onBytes?.Invoke(read);
                Activities.ActivityPulse.Beat();
            }
            return Verify(digester, manifest);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            return $"staged data is unreadable: {e.Message}";
        }
        catch (PostgresException refused) when (data is not null)
        {
            // The target refused the data. If the staged bytes are damaged, that is why: re-extract. If they are
            // intact, the source really holds a value the target cannot take: fail with the server's reason.
            var problem = await DrainAndVerifyAsync(data, buffer, digester, manifest, ct);
            if (problem is null) throw;
            return problem + $" (the target refused it: {refused.SqlState} {refused.MessageText})";
        }
        finally
        {
            if (data is not null) await data.DisposeAsync();
        }
    }

    /// <summary>Ends a COPY without its rows; never throws (the failure that led here is the one to report).</summary>
    static async Task AbandonAsync(CopyStreams.CopyIn copyIn)
    {
        try { await copyIn.CancelAsync(); }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException) { }
        try { await copyIn.Stream.DisposeAsync(); }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException) { }
    }

    /// <summary>
    /// PostgreSQL could not extend a file: names the tablespace that is full and where it is (the server's message
    /// names only the file), asked on a connection of its own since the load's transaction is aborted.
    /// </summary>
    async Task<Exception> OutOfSpaceAsync(PostgresException full, TableName table, CancellationToken ct)
    {
        var tablespace = "";
        try
        {
            await using var command = target.CreateCommand("""
                SELECT coalesce(t.spcname, (SELECT s.spcname FROM pg_database d JOIN pg_tablespace s ON s.oid = d.dattablespace
                                            WHERE d.datname = current_database())),
                       coalesce(nullif(pg_tablespace_location(t.oid), ''), current_setting('data_directory', true), '(the data directory)')
                FROM pg_class c LEFT JOIN pg_tablespace t ON t.oid = nullif(c.reltablespace, 0) WHERE c.oid = $1::regclass
                """);
            command.Parameters.Add(new() { Value = PgSql.Table(table) });
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) tablespace = $"; table {table} is in tablespace {reader.GetString(0)} ({reader.GetString(1)})";
        }
        catch (Exception e) when (e is NpgsqlException) { } // the message stands without it
        return new TargetOutOfSpaceException(
            $"the target database is out of disk space: {DatabaseErrors.Describe(full)}{tablespace}. " +
            "Nothing of this chunk was loaded; make room there, or move the table to a larger tablespace", full);
    }


    static string? Verify(IRowStreamDigester digester, ChunkManifest manifest)
    {
        var digest = digester.Finish();
        return digest.Rows == manifest.Rows && digest.Hex == manifest.Digest ? null
            : $"staged data gives {digest} but its manifest says {manifest.Rows} rows, {manifest.Digest}";
    }

    static async Task<string?> DrainAndVerifyAsync(Stream data, byte[] buffer, IRowStreamDigester digester,
        ChunkManifest manifest, CancellationToken ct)
    {
        try
        {
            int read;
            while ((read = await data.ReadAsync(buffer, ct)) > 0) digester.Append(buffer.AsSpan(0, read));
            return Verify(digester, manifest);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            return $"staged data is unreadable: {e.Message}";
        }
    }
}

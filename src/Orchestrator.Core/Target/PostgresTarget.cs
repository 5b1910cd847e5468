using Npgsql;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Planning;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Target;

public enum LoadStatus { Loaded, AlreadyLoaded, Corrupt }

public sealed record LoadOutcome(LoadStatus Status, long Rows, string? Problem = null);

/// <summary>What the ledger holds for a table: the sum of its chunks' digests, and the rows rules refused.</summary>
public sealed record LedgerTotal(RowSetDigest Loaded, long Rejects);

/// <summary>One read of a whole target table: its digest, and the aggregates it measured on the way (when asked).</summary>
public sealed record TableReadBack(RowSetDigest Digest, StreamMeasures? Measures);

/// <summary>
/// What reading a target table depends on: whether it is partitioned (reads then must not say ONLY), its size in
/// pages and whether the server has TID range scans (to split the read), and the built-in base type of each column
/// with the server's encoding (which columns the read can measure).
/// </summary>
public sealed record TargetTableFacts(bool Partitioned, long Pages, bool TidRangeScans, IReadOnlyDictionary<string, string> BaseTypes, bool Utf8);

/// <summary>The PostgreSQL target: prepare tables, load chunks exactly once, finalize, and read rows back for validation.</summary>
public sealed class PostgresTarget(NpgsqlDataSource target)
{
    const int BufferSize = 1 << 16;
    const int IndexBuilders = 4;

    /// <summary>
    /// Creates schemas, types, sequences and tables (no keys, indexes or foreign keys yet) in one transaction, so a
    /// crash leaves either nothing or everything; tables this migration already prepared are left as they are.
    /// <paramref name="findings"/> gets what the target made different from the catalog (a hypertable without TimescaleDB).
    /// </summary>
    public async Task<int> PrepareAsync(string migrationId, SourceCatalog catalog, string ifExists, CancellationToken ct = default,
        List<ConversionFinding>? findings = null)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        using var watch = ServerProgress.Watch(target, connection, "preparing the target's schemas and tables");
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, LoadLedger.Lock, ct, "prepare:" + migrationId);
        await ExecuteAsync(connection, LoadLedger.Create, ct);

        var prepared = await PreparedTablesAsync(connection, migrationId, ct);
        var pending = catalog.Tables.Where(t => !prepared.Contains(t.Name)).ToList();
        if (pending.Count == 0)
        {
            await tx.CommitAsync(ct);
            findings?.AddRange(await TimescaleDb.FallbacksAsync(connection, catalog, null, ct));
            return 0;
        }

        var available = await AvailableExtensionsAsync(connection, ct);
        if (catalog.Tables.Any(t => t.Columns.Any(c => c.Rule?.Vector is not null)) && !available.Contains("vector"))
            throw new Spec.SpecException("rules: vector columns need the pgvector extension, which this target server does not offer " +
                "(pg_available_extensions has no 'vector'); install pgvector (Azure: allow-list VECTOR in azure.extensions) and run again");
        foreach (var extension in catalog.Extensions.Where(available.Contains))
            await ExecuteAsync(connection, $"CREATE EXTENSION IF NOT EXISTS {PgSql.Ident(extension)}", ct);
        var refusal = pending.Any(t => t.TimePartitions is { Hypertable: true }) ? await TimescaleDb.EnableAsync(connection, ct) : null;
        if (refusal is not null) pending = pending.Select(TimescaleDb.Native).ToList();
        foreach (var schema in catalog.Tables.Select(t => t.Name.Schema).Concat(catalog.Sequences.Select(s => s.Schema)).Distinct())
            await ExecuteAsync(connection, DdlWriter.Schema(schema), ct);
        foreach (var e in catalog.Enums.Where(e => e.Schema != LoadLedger.Schema))
            if (!await TypeExistsAsync(connection, e.Schema, e.Name, ct)) await ExecuteAsync(connection, DdlWriter.Enum(e), ct);
        foreach (var d in catalog.Domains)
            if (!await TypeExistsAsync(connection, d.Schema, d.Name, ct)) await ExecuteAsync(connection, DdlWriter.Domain(d), ct);
        foreach (var c in catalog.Composites)
            if (!await TypeExistsAsync(connection, c.Schema, c.Name, ct)) await ExecuteAsync(connection, DdlWriter.Composite(c), ct);
        foreach (var s in catalog.Sequences.Where(s => !s.IsIdentity))
            await ExecuteAsync(connection, DdlWriter.Sequence(s), ct);

        var existing = await ExistingRelationsAsync(connection, pending.Select(t => t.Name), ct);
        foreach (var table in pending)
        {
            if (existing.Contains(table.Name) && table.HoldsRows && await HasRowsAsync(connection, table.Name, ct, only: table.TimePartitions is null))
            {
                if (ifExists != "truncate")
                    throw new TargetNotEmptyException(
                        $"target table {table.Name} already exists and holds rows that migration '{migrationId}' did not load; " +
                        "drop or empty it, or set target.ifExists to \"truncate\" in the spec");
                await ExecuteAsync(connection, $"TRUNCATE {(table.TimePartitions is null ? "ONLY " : "")}{PgSql.Table(table.Name)}", ct);
            }
            // A table's DDL goes in one round trip (with its record, when autovacuum stays on). Each round trip costs
            // the network's latency to a remote server, and a schema of many small tables made three per table.
            List<(string, object?[])> statements = [(DdlWriter.Table(table, catalog.Sequences), []),
                .. DdlWriter.TimePartitions(table).Select(p => (p, Array.Empty<object?>())),
                .. DdlWriter.Comments(table).Select(c => (c, Array.Empty<object?>()))];
            var pause = table.EstimatedRows >= PauseAutovacuumFromRows;
            object?[] mark = [migrationId, table.Name.Schema, table.Name.Name, false];
            if (!pause) statements.Add((LoadLedger.RecordPrepared, mark));
            await ExecuteBatchAsync(connection, statements, ct);
            if (pause)
            {
                mark[^1] = await PauseAutovacuumAsync(connection, table.Name, ct);
                await ExecuteAsync(connection, LoadLedger.RecordPrepared, ct, mark);
            }
        }
        foreach (var s in catalog.Sequences.Where(s => !s.IsIdentity && s.OwnedByTable is not null))
            await ExecuteAsync(connection, DdlWriter.SequenceOwner(s), ct);
        await tx.CommitAsync(ct);
        findings?.AddRange(await TimescaleDb.FallbacksAsync(connection, catalog, refusal, ct));
        return pending.Count;
    }

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
        var copyIn = await CopyStreams.OpenCopyInAsync(connection, PgSql.CopyIn(table, manifest.Columns.Select(c => c.Name).ToList(), manifest.Format), manifest.Format, ct);
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
                await ExecuteAsync(connection, LoadLedger.RecordReject, ct, manifest.MigrationId, manifest.ChunkId, row.Row, table.Schema, table.Name,
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
        try { await copyIn.CancelAsync(); } catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException) { }
        try { await copyIn.Stream.DisposeAsync(); } catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException) { }
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

    /// <summary>The norms of the vectors a migration's chunks wrote into a table, per column, as their extracts measured them.</summary>
    public async Task<Dictionary<string, Shapes.NormSummary>> LedgerNormsAsync(string migrationId, TableName table, CancellationToken ct = default)
    {
        await using var command = target.CreateCommand(LoadLedger.TableNorms);
        command.Parameters.Add(new() { Value = migrationId });
        command.Parameters.Add(new() { Value = table.Schema });
        command.Parameters.Add(new() { Value = table.Name });
        var parts = new List<KeyValuePair<string, Shapes.NormSummary>>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                parts.AddRange(System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, Shapes.NormSummary>>(reader.GetString(0))!);
        return parts.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => Shapes.NormSummary.Combine(g.Select(p => p.Value))!);
    }

    /// <summary>What the ledger says a migration loaded for a chunk (rows and digest at extract), or null.</summary>
    public async Task<RowSetDigest?> LedgerEntryAsync(string migrationId, string chunkId, CancellationToken ct = default)
    {
        await using var command = target.CreateCommand(LoadLedger.FindChunk);
        command.Parameters.Add(new() { Value = migrationId });
        command.Parameters.Add(new() { Value = chunkId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? RowSetDigest.Parse(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>
    /// What validation needs to know before it reads a table, in one round trip: what the ledger says a migration
    /// loaded into it (the sum of its chunks' digests, and the rows rules refused) and the target table's facts.
    /// </summary>
    public async Task<(LedgerTotal Ledger, TargetTableFacts Facts)> ValidationFactsAsync(string migrationId, TableName table, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var batch = Batch(connection, [(LoadLedger.TableChunks, [migrationId, table.Schema, table.Name]), .. FactQueries(table)]);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var (total, rejects) = (RowSetDigest.Empty, 0L);
        while (await reader.ReadAsync(ct))
        {
            total += RowSetDigest.Parse(reader.GetInt64(0), reader.GetString(1));
            rejects += reader.GetInt64(2);
        }
        await reader.NextResultAsync(ct);
        return (new LedgerTotal(total, rejects), await ReadFactsAsync(connection, reader, ct));
    }

    /// <summary>The target table's facts that reading it depends on (<see cref="TargetTableFacts"/>).</summary>
    public async Task<TargetTableFacts> TableFactsAsync(TableName table, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var batch = Batch(connection, FactQueries(table));
        await using var reader = await batch.ExecuteReaderAsync(ct);
        return await ReadFactsAsync(connection, reader, ct);
    }

    /// <summary>The table's kind and size, then its columns' built-in base types: what <see cref="ReadFactsAsync"/> reads.</summary>
    static (string, object?[])[] FactQueries(TableName table) =>
    [
        ($"SELECT {TimescaleDb.HoldsRowsInChildren}, pg_relation_size(oid) / current_setting('block_size')::bigint FROM pg_class r WHERE oid = $1::regclass",
            [PgSql.Table(table)]),
        ("""
            SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
            WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
              AND t.typnamespace = 'pg_catalog'::regnamespace AND t.typtype = 'b'
            """, [PgSql.Table(table)]),
    ];

    static async Task<TargetTableFacts> ReadFactsAsync(NpgsqlConnection connection, NpgsqlDataReader reader, CancellationToken ct)
    {
        if (!await reader.ReadAsync(ct)) throw new InvalidOperationException("pg_class has no row for a table that regclass resolved");
        var (partitioned, pages) = (reader.GetBoolean(0), reader.GetInt64(1));
        await reader.NextResultAsync(ct);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct)) types[reader.GetString(0)] = reader.GetString(1);
        var utf8 = connection.PostgresParameters.TryGetValue("server_encoding", out var encoding) && encoding == "UTF8";
        return new TargetTableFacts(partitioned, pages, connection.PostgreSqlVersion.Major >= 14, types, utf8);
    }

    static string? Verify(IRowStreamDigester digester, ChunkManifest manifest)
    {
        var digest = digester.Finish();
        return digest.Rows == manifest.Rows && digest.Hex == manifest.Digest ? null
            : $"staged data gives {digest} but its manifest says {manifest.Rows} rows, {manifest.Digest}";
    }

    static async Task<string?> DrainAndVerifyAsync(Stream data, byte[] buffer, IRowStreamDigester digester, ChunkManifest manifest, CancellationToken ct)
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

    /// <summary>The digest of the rows now in the target for a range, read back with the same binary COPY.</summary>
    public async Task<RowSetDigest> ReadBackDigestAsync(TableName table, IReadOnlyList<string> columns, ChunkRange range, string format, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        return await DigestAsync(connection, table, columns, range, format, only: !await IsPartitionedAsync(connection, table, ct), measures: null, ct);
    }

    async Task<RowSetDigest> ReadRangeDigestAsync(TableName table, IReadOnlyList<string> columns, ChunkRange range, string format, bool only,
        StreamMeasures? measures, CancellationToken ct)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        return await DigestAsync(connection, table, columns, range, format, only, measures, ct);
    }

    static async Task<RowSetDigest> DigestAsync(NpgsqlConnection connection, TableName table, IReadOnlyList<string> columns, ChunkRange range, string format, bool only,
        StreamMeasures? measures, CancellationToken ct)
    {
        await using var copy = await CopyStreams.OpenCopyOutAsync(connection, PgSql.CopyOut(table, columns, range, format, only: only), format, ct);
        var digester = CopyFormats.Digester(format, measures);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await copy.ReadAsync(buffer, ct)) > 0) digester.Append(buffer.AsSpan(0, read));
        return digester.Finish();
    }

    /// <summary>
    /// The digest of a whole table as it is now in the target, read in up to <paramref name="streams"/> page ranges at
    /// once: TID range scans, PostgreSQL 14 and later (before, and for partitioned tables, one stream). Digests add,
    /// so the ranges' sum is the table's. With a <paramref name="plan"/>, the same read measures the plan's columns.
    /// </summary>
    public async Task<TableReadBack> ReadBackTableAsync(TableName table, IReadOnlyList<string> columns, string format, int streams,
        TargetTableFacts facts, StreamMeasurePlan? plan = null, CancellationToken ct = default)
    {
        IReadOnlyList<ChunkRange> ranges = streams > 1 && facts.TidRangeScans && !facts.Partitioned ? PageRanges(facts.Pages, streams) : [ChunkRange.All];
        var measures = ranges.Select(_ => plan is null ? null : new StreamMeasures(plan)).ToList();
        var digests = await Task.WhenAll(ranges.Select((range, i) => ReadRangeDigestAsync(table, columns, range, format, only: !facts.Partitioned, measures[i], ct)));
        foreach (var more in measures.Skip(1)) measures[0]?.Add(more!);
        return new TableReadBack(digests.Aggregate(RowSetDigest.Empty, (sum, digest) => sum + digest), measures[0]);
    }

    /// <summary>Splits a table's pages into at most <paramref name="streams"/> ranges of at least 8 MB; the first and last are open-ended.</summary>
    internal static IReadOnlyList<ChunkRange> PageRanges(long pages, int streams)
    {
        const long MinimumPages = 1024;
        var count = (int)Math.Clamp(pages / MinimumPages, 1, streams);
        if (count == 1) return [ChunkRange.All];
        var step = pages / count;
        return Enumerable.Range(0, count).Select(i => new ChunkRange
        {
            Kind = RangeKind.Ctid,
            FromPage = i == 0 ? null : i * step,
            ToPage = i == count - 1 ? null : (i + 1) * step,
        }).ToList();
    }

    public Task<TableAggregates> AggregatesAsync(TableName table, IReadOnlyList<ColumnInfo> columns, TargetTableFacts facts, CancellationToken ct = default) =>
        PostgresAggregateProbe.RunAsync(target, table, columns, ct, only: !facts.Partitioned);

    /// <summary>A target partitioned by a time-series rule (or a hypertable) holds its rows in partitions: reads must not say ONLY.</summary>
    static Task<bool> IsPartitionedAsync(NpgsqlConnection c, TableName table, CancellationToken ct) =>
        ExistsAsync(c, $"SELECT 1 FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = $1 AND r.relname = $2 AND {TimescaleDb.HoldsRowsInChildren}",
            ct, table.Schema, table.Name);

    /// <summary>Keys, checks and indexes of one table, then ANALYZE. Each step is skipped when already there, so a rerun is harmless.</summary>
    public async Task<IReadOnlyList<string>> FinalizeTableAsync(TableInfo table, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        var done = new List<string>();
        var constraints = new List<(string Name, string Definition)>();
        if (table.PrimaryKey is { } pk) constraints.Add((pk.Name, pk.Definition));
        constraints.AddRange(table.UniqueKeys.Select(u => (u.Name, u.Definition)));
        constraints.AddRange(table.Checks.Select(c => (c.Name, c.Definition)));
        foreach (var (name, definition) in constraints)
            if (!await ConstraintExistsAsync(connection, table.Name, name, ct))
            {
                using (ServerProgress.Watch(target, connection, $"adding constraint {name} to {table.Name}"))
                    await ExecuteAsync(connection, DdlWriter.AddConstraint(table.Name, name, definition), ct);
                done.Add($"constraint {name}");
            }
        // Secondary indexes build in parallel, each on its own connection: the table is read once per index anyway,
        // and PostgreSQL builds each index with its own sort.
        await Parallel.ForEachAsync(table.Indexes, new ParallelOptions { MaxDegreeOfParallelism = IndexBuilders, CancellationToken = ct }, async (index, token) =>
        {
            await using var builder = await target.OpenConnectionAsync(token);
            using (ServerProgress.Watch(target, builder, $"building index {index.Name} on {table.Name}"))
                await ExecuteAsync(builder, DdlWriter.Index(index), token);
        });
        done.AddRange(table.Indexes.Select(i => $"index {i.Name}"));
        bool paused;
        using (ServerProgress.Watch(target, connection, $"analyzing {table.Name}"))
            paused = await AnalyzeAsync(connection, table.Name, ct);
        if (paused)
            await ExecuteBatchAsync(connection, [
                ($"ALTER TABLE {PgSql.Table(table.Name)} RESET (autovacuum_enabled, toast.autovacuum_enabled)", []),
                (LoadLedger.ClearAutovacuumPause, [table.Name.Schema, table.Name.Name])], ct);
        return done;
    }

    /// <summary>
    /// ANALYZE a table and read its autovacuum pause mark, in one round trip: true when a pause is marked. Autovacuum
    /// then comes back and the mark goes in one batch (one implicit transaction), so a crash leaves either both or
    /// neither, and a rerun finishes what is left.
    /// </summary>
    static async Task<bool> AnalyzeAsync(NpgsqlConnection connection, TableName table, CancellationToken ct)
    {
        await using var batch = Batch(connection, [(LoadLedger.IsAutovacuumPaused, [table.Schema, table.Name]), ($"ANALYZE {PgSql.Table(table)}", [])]);
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var marked = await reader.ReadAsync(ct);
        while (await reader.NextResultAsync(ct)) { } // ANALYZE's outcome: an error surfaces here
        return marked;
    }

    /// <summary>
    /// Tables estimated below this many rows keep autovacuum while they load. They load in a chunk or two, in about a
    /// second, which leaves autovacuum (it visits a database once a minute by default) little to take from the load;
    /// and pausing costs four catalog statements a table, which was most of the bookkeeping of a migration of many
    /// small tables (300 tables: 903 ALTER TABLE statements, 304 without the pauses).
    /// </summary>
    public const long PauseAutovacuumFromRows = 100_000;

    /// <summary>
    /// Turns autovacuum off on a table this migration created, until finalize. Left on, it starts vacuuming the table
    /// while chunks still load (CPU and I/O taken from the load), and then holds the lock that the primary key needs,
    /// so the key waits a deadlock_timeout (1 s by default) before PostgreSQL cancels it. Finalize runs ANALYZE itself.
    /// </summary>
    static async Task<bool> PauseAutovacuumAsync(NpgsqlConnection connection, TableName table, CancellationToken ct)
    {
        if (!await ExistsAsync(connection, LoadLedger.CanPauseAutovacuum, ct, PgSql.Table(table))) return false;
        await ExecuteAsync(connection, $"ALTER TABLE {PgSql.Table(table)} SET (autovacuum_enabled = off, toast.autovacuum_enabled = off)", ct);
        return true;
    }

    /// <summary>Foreign keys added NOT VALID then validated (no long exclusive lock while checking), where the target allows it.</summary>
    public async Task<bool> AddForeignKeyAsync(TableInfo table, ForeignKeyInfo fk, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        if (await ConstraintExistsAsync(connection, table.Name, fk.Name, ct)) return false;
        // PostgreSQL refuses NOT VALID foreign keys on partitioned tables.
        var notValid = table.PartitionKey is null && table.TimePartitions is null;
        using var watch = ServerProgress.Watch(target, connection, $"adding foreign key {fk.Name} to {table.Name}");
        await ExecuteAsync(connection, DdlWriter.AddConstraint(table.Name, fk.Name, fk.Definition, notValid), ct);
        if (notValid) await ExecuteAsync(connection, DdlWriter.ValidateConstraint(table.Name, fk.Name), ct);
        return true;
    }

    /// <summary>Carries a sequence's value; identity sequences are found through their column.</summary>
    public async Task SetSequenceAsync(SequenceInfo sequence, long value, bool isCalled, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        var name = sequence.IsIdentity
            ? $"pg_get_serial_sequence({PgSql.Literal(PgSql.Table(sequence.OwnedByTable!))}, {PgSql.Literal(sequence.OwnedByColumn!)})"
            : PgSql.Literal($"{PgSql.Ident(sequence.Schema)}.{PgSql.Ident(sequence.Name)}");
        await ExecuteAsync(connection, $"SELECT setval({name}, $1, $2)", ct, value, isCalled);
    }

    public async Task AnalyzeAsync(TableName table, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await ExecuteAsync(connection, $"ANALYZE {PgSql.Table(table)}", ct);
    }

    static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object?[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
        Activities.ActivityPulse.Beat(); // a statement done is progress
    }

    /// <summary>Statements sent in one round trip; outside a transaction, they run as one implicit transaction.</summary>
    static NpgsqlBatch Batch(NpgsqlConnection connection, IEnumerable<(string Sql, object?[] Parameters)> statements)
    {
        var batch = new NpgsqlBatch(connection);
        foreach (var (sql, parameters) in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p ?? DBNull.Value });
            batch.BatchCommands.Add(command);
        }
        return batch;
    }

    static async Task ExecuteBatchAsync(NpgsqlConnection connection, IEnumerable<(string Sql, object?[] Parameters)> statements, CancellationToken ct)
    {
        await using var batch = Batch(connection, statements);
        await batch.ExecuteNonQueryAsync(ct);
        Activities.ActivityPulse.Beat();
    }

    static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    static async Task<HashSet<TableName>> PreparedTablesAsync(NpgsqlConnection connection, string migrationId, CancellationToken ct)
    {
        var set = new HashSet<TableName>();
        await using var command = new NpgsqlCommand(LoadLedger.PreparedTables, connection);
        command.Parameters.Add(new() { Value = migrationId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) set.Add(new TableName(reader.GetString(0), reader.GetString(1)));
        return set;
    }

    static Task<bool> TypeExistsAsync(NpgsqlConnection c, string schema, string name, CancellationToken ct) =>
        ExistsAsync(c, "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2", ct, schema, name);

    /// <summary>Which of <paramref name="tables"/> already exist as relations, in one query.</summary>
    static async Task<HashSet<TableName>> ExistingRelationsAsync(NpgsqlConnection connection, IEnumerable<TableName> tables, CancellationToken ct)
    {
        var list = tables.ToList();
        var found = new HashSet<TableName>();
        if (list.Count == 0) return found;
        await using var command = new NpgsqlCommand("""
            SELECT n.nspname, r.relname FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
            JOIN unnest($1::text[], $2::text[]) AS t(schema_name, table_name) ON n.nspname = t.schema_name AND r.relname = t.table_name
            """, connection);
        command.Parameters.Add(new() { Value = list.Select(t => t.Schema).ToArray() });
        command.Parameters.Add(new() { Value = list.Select(t => t.Name).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) found.Add(new TableName(reader.GetString(0), reader.GetString(1)));
        return found;
    }

    static Task<bool> HasRowsAsync(NpgsqlConnection c, TableName table, CancellationToken ct, bool only = true) =>
        ExistsAsync(c, $"SELECT 1 FROM {(only ? "ONLY " : "")}{PgSql.Table(table)} LIMIT 1", ct);

    static Task<bool> ConstraintExistsAsync(NpgsqlConnection c, TableName table, string name, CancellationToken ct) =>
        // By the table's oid, not a join through pg_namespace and pg_class: planning the three-way join cost the
        // server 0.35 ms per table, this 0.13.
        ExistsAsync(c, "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2", ct, PgSql.Table(table), name);

    static async Task<HashSet<string>> AvailableExtensionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name FROM pg_available_extensions", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) set.Add(reader.GetString(0));
        return set;
    }
}

/// <summary>The target's disk is full where a table grows; the chunk was rolled back. Not retried: a full disk stays full.</summary>
public sealed class TargetOutOfSpaceException(string message, Exception inner) : Exception(message, inner);

/// <summary>The target already holds data this migration did not put there; nothing was changed.</summary>
public sealed class TargetNotEmptyException(string message) : Exception(message);

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

/// <summary>The PostgreSQL target: prepare tables, load chunks exactly once, finalize, and read rows back for validation.</summary>
public sealed class PostgresTarget(NpgsqlDataSource target)
{
    const int BufferSize = 1 << 16;
    const int IndexBuilders = 4;

    /// <summary>
    /// Creates schemas, types, sequences and tables (no keys, indexes or foreign keys yet) in one transaction, so a
    /// crash leaves either nothing or everything; tables this migration already prepared are left as they are.
    /// </summary>
    public async Task<int> PrepareAsync(string migrationId, SourceCatalog catalog, string ifExists, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, LoadLedger.Lock, ct, "prepare:" + migrationId);
        await ExecuteAsync(connection, LoadLedger.Create, ct);

        var pending = new List<TableInfo>();
        foreach (var table in catalog.Tables)
            if (!await ExistsAsync(connection, LoadLedger.IsPrepared, ct, migrationId, table.Name.Schema, table.Name.Name))
                pending.Add(table);
        if (pending.Count == 0) { await tx.CommitAsync(ct); return 0; }

        var available = await AvailableExtensionsAsync(connection, ct);
        if (catalog.Tables.Any(t => t.Columns.Any(c => c.Rule?.Vector is not null)) && !available.Contains("vector"))
            throw new Spec.SpecException("rules: vector columns need the pgvector extension, which this target server does not offer " +
                "(pg_available_extensions has no 'vector'); install pgvector (Azure: allow-list VECTOR in azure.extensions) and run again");
        foreach (var extension in catalog.Extensions.Where(available.Contains))
            await ExecuteAsync(connection, $"CREATE EXTENSION IF NOT EXISTS {PgSql.Ident(extension)}", ct);
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

        foreach (var table in pending)
        {
            if (await RelationExistsAsync(connection, table.Name, ct) && table.HoldsRows && await HasRowsAsync(connection, table.Name, ct, only: table.TimePartitions is null))
            {
                if (ifExists != "truncate")
                    throw new TargetNotEmptyException(
                        $"target table {table.Name} already exists and holds rows that migration '{migrationId}' did not load; " +
                        "drop or empty it, or set target.ifExists to \"truncate\" in the spec");
                await ExecuteAsync(connection, $"TRUNCATE {(table.TimePartitions is null ? "ONLY " : "")}{PgSql.Table(table.Name)}", ct);
            }
            await ExecuteAsync(connection, DdlWriter.Table(table, catalog.Sequences), ct);
            foreach (var partition in DdlWriter.TimePartitions(table)) await ExecuteAsync(connection, partition, ct);
            foreach (var comment in DdlWriter.Comments(table)) await ExecuteAsync(connection, comment, ct);
            var paused = await PauseAutovacuumAsync(connection, table.Name, ct);
            await ExecuteAsync(connection, LoadLedger.RecordPrepared, ct, migrationId, table.Name.Schema, table.Name.Name, paused);
        }
        foreach (var s in catalog.Sequences.Where(s => !s.IsIdentity && s.OwnedByTable is not null))
            await ExecuteAsync(connection, DdlWriter.SequenceOwner(s), ct);
        await tx.CommitAsync(ct);
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
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, LoadLedger.Lock, ct, $"load:{manifest.MigrationId}:{manifest.ChunkId}");
        await using (var find = new NpgsqlCommand(LoadLedger.FindChunk, connection))
        {
            find.Parameters.Add(new() { Value = manifest.MigrationId });
            find.Parameters.Add(new() { Value = manifest.ChunkId });
            await using var reader = await find.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) return new LoadOutcome(LoadStatus.AlreadyLoaded, reader.GetInt64(0));
        }

        var digester = CopyFormats.Digester(manifest.Format);
        var copyIn = await CopyStreams.OpenCopyInAsync(connection, PgSql.CopyIn(table, manifest.Columns.Select(c => c.Name).ToList(), manifest.Format), manifest.Format, ct);
        var copy = copyIn.Stream;
        await using var data = ChunkCodec.Decompress(await openData(ct), manifest.Codec);
        var buffer = new byte[BufferSize];
        string? problem;
        try
        {
            int read;
            while ((read = await data.ReadAsync(buffer, ct)) > 0)
            {
                digester.Append(buffer.AsSpan(0, read));
                await copy.WriteAsync(buffer.AsMemory(0, read), ct);
                onBytes?.Invoke(read);
            }
            problem = Verify(digester, manifest);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            problem = $"staged data is unreadable: {e.Message}";
        }
        catch (PostgresException refused)
        {
            // The target refused the data. If the staged bytes are damaged, that is why: re-extract. If they are
            // intact, the source really holds a value the target cannot take: fail with the server's reason.
            problem = await DrainAndVerifyAsync(data, buffer, digester, manifest, ct);
            if (problem is null) throw;
            problem += $" (the target refused it: {refused.SqlState} {refused.MessageText})";
        }
        if (problem is not null) return await AbandonAsync(copyIn, copy, problem);
        await copy.DisposeAsync();
        if (manifest.Rejects > 0)
        {
            // The refused rows commit with the chunk: every source row of it is then in the table or in _migrator.rejects.
            var text = readRejects is null ? null : await readRejects(ct);
            var rows = text is null ? [] : Shapes.RejectLog.Parse(text).ToList();
            if (rows.Count != manifest.Rejects)
                return await AbandonAsync(copyIn, copy, $"the chunk's rejects document holds {rows.Count} rows but its manifest says {manifest.Rejects}");
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

    static async Task<LoadOutcome> AbandonAsync(CopyStreams.CopyIn copyIn, Stream copy, string problem)
    {
        try { await copyIn.CancelAsync(); } catch (NpgsqlException) { } catch (InvalidOperationException) { }
        try { await copy.DisposeAsync(); } catch (NpgsqlException) { } catch (InvalidOperationException) { }
        return new LoadOutcome(LoadStatus.Corrupt, 0, problem);
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
    /// What a migration loaded into a table, by the ledger: the sum of its chunks' digests (the table's expected digest)
    /// and the rows rules refused, in one read.
    /// </summary>
    public async Task<LedgerTotal> LedgerTotalAsync(string migrationId, TableName table, CancellationToken ct = default)
    {
        await using var command = target.CreateCommand(LoadLedger.TableChunks);
        command.Parameters.Add(new() { Value = migrationId });
        command.Parameters.Add(new() { Value = table.Schema });
        command.Parameters.Add(new() { Value = table.Name });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var (total, rejects) = (RowSetDigest.Empty, 0L);
        while (await reader.ReadAsync(ct))
        {
            total += RowSetDigest.Parse(reader.GetInt64(0), reader.GetString(1));
            rejects += reader.GetInt64(2);
        }
        return new LedgerTotal(total, rejects);
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
        StreamMeasurePlan? plan = null, CancellationToken ct = default)
    {
        IReadOnlyList<ChunkRange> ranges = [ChunkRange.All];
        bool partitioned;
        await using (var connection = await target.OpenConnectionAsync(ct))
        {
            partitioned = await IsPartitionedAsync(connection, table, ct);
            if (streams > 1 && connection.PostgreSqlVersion.Major >= 14 && !partitioned)
                ranges = PageRanges(await PagesAsync(connection, table, ct), streams);
        }
        var measures = ranges.Select(_ => plan is null ? null : new StreamMeasures(plan)).ToList();
        var digests = await Task.WhenAll(ranges.Select((range, i) => ReadRangeDigestAsync(table, columns, range, format, only: !partitioned, measures[i], ct)));
        foreach (var more in measures.Skip(1)) measures[0]?.Add(more!);
        return new TableReadBack(digests.Aggregate(RowSetDigest.Empty, (sum, digest) => sum + digest), measures[0]);
    }

    /// <summary>
    /// Which of <paramref name="comparable"/> the read-back of <paramref name="streamColumns"/> can measure, by the
    /// target's own column types (domains and user types are left to SQL) and its encoding.
    /// </summary>
    public async Task<StreamMeasurePlan> MeasurePlanAsync(TableName table, IReadOnlyList<string> streamColumns, IReadOnlyList<ColumnInfo> comparable, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT a.attname, t.typname FROM pg_attribute a
            JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname = 'pg_catalog' AND t.typtype = 'b'
            """, connection);
        command.Parameters.Add(new() { Value = PgSql.Table(table) });
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) types[reader.GetString(0)] = reader.GetString(1);
        var utf8 = connection.PostgresParameters.TryGetValue("server_encoding", out var encoding) && encoding == "UTF8";
        return StreamMeasurePlan.For(streamColumns, comparable, types, utf8);
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

    static async Task<long> PagesAsync(NpgsqlConnection connection, TableName table, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_relation_size($1::regclass) / current_setting('block_size')::bigint", connection);
        command.Parameters.Add(new() { Value = PgSql.Table(table) });
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task<TableAggregates> AggregatesAsync(TableName table, IReadOnlyList<ColumnInfo> columns, CancellationToken ct = default)
    {
        bool partitioned;
        await using (var connection = await target.OpenConnectionAsync(ct))
            partitioned = await IsPartitionedAsync(connection, table, ct);
        return await PostgresAggregateProbe.RunAsync(target, table, columns, ct, only: !partitioned);
    }

    /// <summary>A target partitioned by a time-series rule holds its rows in partitions: reads must not say ONLY.</summary>
    static Task<bool> IsPartitionedAsync(NpgsqlConnection c, TableName table, CancellationToken ct) =>
        ExistsAsync(c, "SELECT 1 FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = $1 AND r.relname = $2 AND r.relkind = 'p'", ct, table.Schema, table.Name);

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
                await ExecuteAsync(connection, DdlWriter.AddConstraint(table.Name, name, definition), ct);
                done.Add($"constraint {name}");
            }
        // Secondary indexes build in parallel, each on its own connection: the table is read once per index anyway,
        // and PostgreSQL builds each index with its own sort.
        await Parallel.ForEachAsync(table.Indexes, new ParallelOptions { MaxDegreeOfParallelism = IndexBuilders, CancellationToken = ct }, async (index, token) =>
        {
            await using var builder = await target.OpenConnectionAsync(token);
            await ExecuteAsync(builder, DdlWriter.Index(index), token);
        });
        done.AddRange(table.Indexes.Select(i => $"index {i.Name}"));
        await ExecuteAsync(connection, $"ANALYZE {PgSql.Table(table.Name)}", ct);
        if (await ExistsAsync(connection, LoadLedger.ResumeAutovacuum, ct, table.Name.Schema, table.Name.Name))
            await ExecuteAsync(connection, $"ALTER TABLE {PgSql.Table(table.Name)} RESET (autovacuum_enabled, toast.autovacuum_enabled)", ct);
        return done;
    }

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
    }

    static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters) command.Parameters.Add(new NpgsqlParameter { Value = p });
        return await command.ExecuteScalarAsync(ct) is not null;
    }

    static Task<bool> TypeExistsAsync(NpgsqlConnection c, string schema, string name, CancellationToken ct) =>
        ExistsAsync(c, "SELECT 1 FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = $1 AND t.typname = $2", ct, schema, name);

    static Task<bool> RelationExistsAsync(NpgsqlConnection c, TableName table, CancellationToken ct) =>
        ExistsAsync(c, "SELECT 1 FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = $1 AND r.relname = $2", ct, table.Schema, table.Name);

    static Task<bool> HasRowsAsync(NpgsqlConnection c, TableName table, CancellationToken ct, bool only = true) =>
        ExistsAsync(c, $"SELECT 1 FROM {(only ? "ONLY " : "")}{PgSql.Table(table)} LIMIT 1", ct);

    static Task<bool> ConstraintExistsAsync(NpgsqlConnection c, TableName table, string name, CancellationToken ct) =>
        ExistsAsync(c, """
            SELECT 1 FROM pg_constraint con JOIN pg_class r ON r.oid = con.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
            WHERE n.nspname = $1 AND r.relname = $2 AND con.conname = $3
            """, ct, table.Schema, table.Name, name);

    static async Task<HashSet<string>> AvailableExtensionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT name FROM pg_available_extensions", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) set.Add(reader.GetString(0));
        return set;
    }
}

/// <summary>The target already holds data this migration did not put there; nothing was changed.</summary>
public sealed class TargetNotEmptyException(string message) : Exception(message);

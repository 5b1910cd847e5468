using System.Text;
using System.Threading.Channels;
using Npgsql.Replication;
using Npgsql.Replication.PgOutput;
using Npgsql.Replication.PgOutput.Messages;
using Orchestrator.Core.Catalog;
using Orchestrator.Core.Sync;

namespace Orchestrator.Core.Sources.Postgres.Changes;

/// <summary>
/// A logical replication stream (pgoutput) read ahead into a bounded queue of transaction pieces, which batches take
/// whole. The slot advances only when <see cref="AcknowledgeAsync"/> says the target has committed.
/// </summary>
sealed class PgOutputFeed : IChangeFeed
{
    /// <summary>
    /// Changes per queued piece, and changes queued: the read-ahead's bound. It counts changes, not pieces, because a
    /// piece is usually one small transaction: a bound of 64 pieces held ~640 changes, so every batch was that small.
    /// </summary>
    const int PieceChanges = 1_000, QueuedChanges = 64_000;

    readonly LogicalReplicationConnection _connection;
    readonly Channel<Piece> _pieces =
        Channel.CreateUnbounded<Piece>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    /// <summary>Signalled when a batch takes pieces, so a pump held at the bound looks again.</summary>
    readonly SemaphoreSlim _room = new(0, 1);
    readonly CancellationTokenSource _stop = new();
    readonly Dictionary<uint, Relation> _relations = new();
    readonly Dictionary<TableName, SyncTable> _tables;
    readonly Dictionary<TableName, IReadOnlyList<LayoutColumn>> _layouts;
    Task _pump = Task.CompletedTask;
    Piece? _held;
    long _queuedChanges, _queuedUnits;
    volatile bool _inTransaction;
    bool _unacknowledged;

    /// <summary>Where the next batch continues from.</summary>
    string Next { get; set; }

    /// <summary>A batch handed out that the target has not said it committed leaves the feed unable to follow on.</summary>
    public bool Follows(string position) => !_unacknowledged && position == Next;

    PgOutputFeed(LogicalReplicationConnection connection, IReadOnlyList<SyncTable> tables,
        Dictionary<TableName, IReadOnlyList<LayoutColumn>> layouts, string after)
    {
        _connection = connection;
        _tables = tables.ToDictionary(t => t.Source);
        _layouts = layouts;
        Next = after;
    }

    public static async Task<PgOutputFeed> StartAsync(string connectionString, string name, IReadOnlyList<SyncTable> tables,
        Dictionary<TableName, IReadOnlyList<LayoutColumn>> layouts, string after, CancellationToken ct)
    {
#pragma warning disable CA2000 // the returned feed owns the connection; a failed start disposes it below
        var connection = new LogicalReplicationConnection(connectionString);
#pragma warning restore CA2000
        try
        {
            await connection.Open(ct);
            var messages = connection.PostgreSqlVersion.Major >= 14 ? true : (bool?)null;
            var options = new PgOutputReplicationOptions(name, PgOutputProtocolVersion.V1, binary: false, messages: messages);
            var feed = new PgOutputFeed(connection, tables, layouts, after);
            var stream = connection.StartReplication(new PgOutputReplicationSlot(name), options, feed._stop.Token, Lsn.Parse(after));
            feed._pump = Task.Run(() => feed.PumpAsync(stream, Lsn.Parse(after)), CancellationToken.None);
            return feed;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A transaction's changes, or part of them; the last part carries the commit. Or a cutover barrier.</summary>
    sealed record Piece(List<RowChange> Changes, string? CommitEnd, DateTime CommitUtc, string? Barrier = null);

    sealed record Relation(SyncTable Table, int[] ColumnOf, string? Difference);

    async Task PumpAsync(IAsyncEnumerable<PgOutputReplicationMessage> stream, NpgsqlTypes.NpgsqlLogSequenceNumber after)
    {
        var writer = _pieces.Writer;
        try
        {
            List<RowChange> changes = [];
            var skip = false;
            var commitUtc = DateTime.MinValue;
            await foreach (var message in stream)
            {
                switch (message)
                {
                    case BeginMessage begin:
                        _inTransaction = true;
                        // A transaction that committed before the stored position is in the target already.
                        skip = begin.TransactionFinalLsn < after;
                        commitUtc = begin.TransactionCommitTimestamp.ToUniversalTime();
                        changes = [];
                        break;
                    case RelationMessage relation:
                        _relations[relation.RelationId] = Describe(relation);
                        break;
                    case InsertMessage or UpdateMessage or DeleteMessage or TruncateMessage when skip:
                        break;
                    case InsertMessage insert:
                        changes.Add(await ChangeAsync(insert.Relation.RelationId, ChangeKind.Insert, insert.NewRow, null));
                        break;
                    case UpdateMessage update:
                        var old = update switch { IndexUpdateMessage i => i.Key, FullUpdateMessage f => f.OldRow, _ => null };
                        changes.Add(await ChangeAsync(update.Relation.RelationId, ChangeKind.Update, update.NewRow, old));
                        break;
                    case DeleteMessage delete:
                        var key = delete switch { KeyDeleteMessage k => k.Key, FullDeleteMessage f => f.OldRow, _ => null };
                        changes.Add(await ChangeAsync(delete.Relation.RelationId, ChangeKind.Delete, null, key));
                        break;
                    case TruncateMessage truncate:
                        foreach (var r in truncate.Relations)
                            changes.Add(new RowChange { Table = Known(r.RelationId).Table.Source, Kind = ChangeKind.Truncate });
                        break;
                    case CommitMessage commit:
                        if (!skip) await QueueAsync(new Piece(changes, commit.TransactionEndLsn.ToString(), commitUtc));
                        changes = [];
                        _inTransaction = false;
                        break;
                    case LogicalDecodingMessage { Prefix: PostgresChangeCapture.BarrierPrefix } mark when !_inTransaction:
                        var token = Encoding.UTF8.GetString(await ReadAllAsync(mark.Data));
                        if (mark.MessageLsn >= after) await QueueAsync(new Piece([], mark.MessageLsn.ToString(), DateTime.UtcNow, token));
                        break;
                }
                if (changes.Count >= PieceChanges)
                {
                    await QueueAsync(new Piece(changes, null, commitUtc));
                    changes = [];
                }
            }
            writer.TryComplete();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    async Task QueueAsync(Piece piece)
    {
        // An empty piece (a barrier, a transaction of other tables) still counts, so the queue stays bounded.
        while (Interlocked.Read(ref _queuedUnits) >= QueuedChanges) await _room.WaitAsync(_stop.Token);
        Interlocked.Add(ref _queuedChanges, piece.Changes.Count);
        Interlocked.Add(ref _queuedUnits, Units(piece));
        await _pieces.Writer.WriteAsync(piece, _stop.Token);
    }

    static int Units(Piece piece) => Math.Max(1, piece.Changes.Count);

    Relation Describe(RelationMessage message)
    {
        var name = new TableName(message.Namespace, message.RelationName);
        if (!_tables.TryGetValue(name, out var table))
            throw new SyncRefusedException($"sync: the stream carries changes of {name}, which the migration does not sync; " +
                "its publication was changed by hand: drop the table from it");
        var columns = message.Columns.ToList();
        var names = columns.Select(c => c.ColumnName).ToList();
        var difference = SchemaDrift.Difference(table, names);
        var layout = _layouts[name];
        if (difference is null)
            foreach (var column in columns)
                if (layout.FirstOrDefault(l => l.Name == column.ColumnName) is { } was
                    && (was.TypeOid != column.DataTypeId || was.TypeModifier != column.TypeModifier))
                    difference = $"column {column.ColumnName} changed type";
        return new Relation(table, names.Select(table.ColumnIndex).ToArray(), difference);
    }

    Relation Known(uint relationId)
    {
        var relation = _relations[relationId];
        if (relation.Difference is not null) throw SchemaDrift.Changed(relation.Table, relation.Difference, "while the sync ran");
        return relation;
    }

    /// <summary>A change from its tuples, read in the order the stream sends them: the old key or row first, then the new row.</summary>
    async Task<RowChange> ChangeAsync(uint relationId, ChangeKind kind, ReplicationTuple? row, ReplicationTuple? oldRow)
    {
        var relation = Known(relationId);
        var table = relation.Table;
        string?[]? oldKey = null;
        if (oldRow is not null)
        {
            var (old, _) = await ReadTupleAsync(relation, oldRow);
            oldKey = table.Key.Select(k => old[k]).ToArray();
        }
        string?[]? values = null;
        bool[]? unchanged = null;
        if (row is not null)
        {
            (values, unchanged) = await ReadTupleAsync(relation, row);
            // An update that kept its key needs no delete of the old one.
            if (oldKey is not null && table.Key.Select((k, n) => values[k] == oldKey[n]).All(same => same)) oldKey = null;
        }
        return new RowChange { Table = table.Source, Kind = kind, Values = values, Unchanged = unchanged, OldKey = oldKey };
    }

    static async Task<(string?[] Values, bool[]? Unchanged)> ReadTupleAsync(Relation relation, ReplicationTuple tuple)
    {
        var values = new string?[relation.Table.Columns.Count];
        bool[]? unchanged = null;
        var i = 0;
        await foreach (var value in tuple)
        {
            var at = relation.ColumnOf[i++];
            if (value.IsUnchangedToastedValue) (unchanged ??= new bool[values.Length])[at] = true;
            else if (!value.IsDBNull) values[at] = await ReadTextAsync(value);
        }
        return (values, unchanged);
    }

    static async Task<string> ReadTextAsync(ReplicationValue value)
    {
        using var reader = value.GetTextReader();
        return await reader.ReadToEndAsync();
    }

    static async Task<byte[]> ReadAllAsync(Stream data)
    {
        using var buffer = new MemoryStream();
        await data.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    public async Task<ChangeBatch> ReadAsync(int maxChanges, TimeSpan wait, CancellationToken ct)
    {
        var batch = new ChangeBatch { After = Next, End = Next };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        while (true)
        {
            var piece = _held ?? await TakeAsync(waitFor: batch.Changes.Count == 0 && batch.Transactions == 0, timeout.Token, ct);
            _held = null;
            if (piece is null) break;
            if (piece.Barrier is not null)
            {
                if (batch.Changes.Count > 0 || batch.Transactions > 0) { _held = piece; break; }
                Take(piece);
                (batch.Barrier, batch.End) = (piece.Barrier, piece.CommitEnd!);
                break;
            }
            // Whole transactions go together; a transaction larger than a batch comes in pieces.
            if (batch.Changes.Count > 0 && batch.Changes.Count + piece.Changes.Count > maxChanges) { _held = piece; break; }
            Take(piece);
            batch.Changes.AddRange(piece.Changes);
            if (piece.CommitEnd is { } end)
            {
                batch.Transactions++;
                (batch.End, batch.LastCommitUtc) = (end, piece.CommitUtc);
            }
            if (batch.Changes.Count >= maxChanges) break;
        }
        if (!batch.Moves && !_inTransaction && _held is null && Interlocked.Read(ref _queuedUnits) == 0
            && _connection.LastReceivedLsn is var received && received > Lsn.Parse(batch.End))
            // Quiet: every transaction that committed before what the server last reported has come through.
            batch.End = received.ToString();
        batch.Pending = Interlocked.Read(ref _queuedChanges);
        if (_held is not null || _pieces.Reader.TryPeek(out _)) batch.OldestPendingUtc = (_held ?? Peek())?.CommitUtc;
        Next = batch.End;
        _unacknowledged = batch.Moves;
        return batch;
    }

    Piece? Peek() => _pieces.Reader.TryPeek(out var piece) ? piece : null;

    void Take(Piece piece)
    {
        Interlocked.Add(ref _queuedChanges, -piece.Changes.Count);
        Interlocked.Add(ref _queuedUnits, -Units(piece));
        if (_room.CurrentCount == 0)
            try { _room.Release(); } catch (SemaphoreFullException) { } // signalled already: the pump looks once more
    }

    async Task<Piece?> TakeAsync(bool waitFor, CancellationToken timeout, CancellationToken ct)
    {
        if (_pieces.Reader.TryRead(out var ready)) return ready;
        if (_pieces.Reader.Completion.IsCompleted) await _pieces.Reader.Completion; // the stream's failure, if any, surfaces here
        if (!waitFor) return null;
        try
        {
            return await _pieces.Reader.ReadAsync(timeout);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    public async Task AcknowledgeAsync(string position, CancellationToken ct)
    {
        _connection.SetReplicationStatus(Lsn.Parse(position));
        await _connection.SendStatusUpdate(ct);
        if (position == Next) _unacknowledged = false;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _pump; } catch (Exception) { } // the pump records its own failure; the connection goes either way
        await _connection.DisposeAsync();
        _stop.Dispose();
        _room.Dispose();
    }
}

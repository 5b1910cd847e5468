using System.Diagnostics;
using Npgsql;

namespace Orchestrator.IntegrationTests.Infrastructure;

/// <summary>
/// A continuous write load on <see cref="SyncSources.Shop"/>: small transactions of inserts, updates (some leaving a
/// TOASTed value unchanged, some changing it, some changing a key), deletes, and moves between partitions. It counts
/// the row changes it made, as logical decoding sees them (a move between partitions is a delete and an insert).
/// </summary>
sealed class WriteLoad : IAsyncDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly Task _running;
    long _changes, _transactions;

    public long Changes => Interlocked.Read(ref _changes);
    /// <summary>Why the load stopped by itself (the source refused a write); null while it runs or once stopped.</summary>
    public Exception? Failure { get; private set; }
    public long Transactions => Interlocked.Read(ref _transactions);

    WriteLoad(string connectionString, int seed, int pauseMs) => _running = Task.Run(async () =>
    {
        try { await RunAsync(connectionString, seed, pauseMs); }
        catch (Exception e) when (e is NpgsqlException or IOException) { Failure = e; }
    });

    public static WriteLoad Start(TestDatabase source, int seed = 1, int pauseMs = 2) => new(source.ConnectionString, seed, pauseMs);

    async Task RunAsync(string connectionString, int seed, int pauseMs)
    {
        var random = new Random(seed);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        long nextCustomer = 1_000_000 + seed * 100_000L,
            nextOrder = 10_000_000 + seed * 1_000_000L,
            nextEvent = 5_000_000 + seed * 100_000L;
        while (!_stop.IsCancellationRequested)
        {
            var moves = 0;
            var batch = new NpgsqlBatch(connection);
            void Add(string sql, params object[] values)
            {
                var command = new NpgsqlBatchCommand(sql);
                foreach (var v in values) command.Parameters.Add(new NpgsqlParameter { Value = v });
                batch.BatchCommands.Add(command);
            }
            var customer = random.Next(1, 3000);
            Add("INSERT INTO shop.customers (id, name, notes) VALUES ($1, $2, CASE WHEN $1 % 2 = 0 THEN repeat(md5($1::text), 200) END)",
                ++nextCustomer, $"new {nextCustomer}");
            Add("INSERT INTO shop.orders (id, customer_id, amount, placed_at, note) VALUES ($1, $2, $3, now(), 'fresh')",
                ++nextOrder, (long)customer, random.Next(1, 100000) / 100m);
            Add("UPDATE shop.orders SET amount = amount + 1, note = 'changed' WHERE id = $1", (long)random.Next(1, 40_000));
            // The name changes, the TOASTed notes stay: pgoutput sends notes as unchanged ('u').
            Add("UPDATE shop.customers SET name = name || '.' WHERE id = $1", (long)random.Next(1, 3000));
            if (random.Next(4) == 0)
                Add("UPDATE shop.customers SET notes = repeat(md5(random()::text), 220) WHERE id = $1", (long)random.Next(1, 3000));
            if (random.Next(3) == 0) Add("DELETE FROM shop.orders WHERE id = $1", (long)random.Next(1, 40_000));
            if (random.Next(10) == 0) Add("UPDATE shop.orders SET id = $2 WHERE id = $1", (long)random.Next(1, 40_000), ++nextOrder);
            Add("INSERT INTO shop.events (id, at, kind, n) VALUES ($1, date '2025-03-01' + ($1 % 200)::int, 'live', 0)", ++nextEvent);
            Add("UPDATE shop.events SET n = n + 1 WHERE id = $1", (long)random.Next(1, 20_000));
            if (random.Next(5) == 0)
            {
                // Across partitions: published as a delete from one and an insert into the other.
                Add("UPDATE shop.events SET at = CASE WHEN at < '2025-01-01' THEN at + 400 ELSE at - 400 END WHERE id = $1",
                    (long)random.Next(1, 20_000));
                moves = 1;
            }
            if (random.Next(4) == 0) Add("DELETE FROM shop.events WHERE id = $1", (long)random.Next(1, 20_000));
            await batch.ExecuteNonQueryAsync();
            var rows = batch.BatchCommands.Cast<NpgsqlBatchCommand>().Sum(c => (long)c.RecordsAffected);
            if (moves > 0) rows += MovedRows(batch);
            Interlocked.Add(ref _changes, rows);
            Interlocked.Increment(ref _transactions);
            if (pauseMs > 0) await Task.Delay(pauseMs);
        }
    }

    /// <summary>Rows the move statement moved: each is a delete and an insert to logical decoding, one row to the command.</summary>
    static long MovedRows(NpgsqlBatch batch) =>
        batch.BatchCommands.Cast<NpgsqlBatchCommand>()
            .Where(c => c.CommandText.Contains("at + 400", StringComparison.Ordinal))
            .Sum(c => (long)c.RecordsAffected);

    /// <summary>Stops writing and waits for the last transaction to finish; fails if the load had stopped on an error.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
        if (Failure is not null) throw new Xunit.Sdk.XunitException($"the write load failed: {Failure.Message}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
        try { await _running; } catch (Exception) { } // a test that failed may leave the source gone
        _stop.Dispose();
    }

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, Process? process = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (process is { HasExited: true })
                throw new Xunit.Sdk.XunitException($"{what}: the migrator exited ({process.ExitCode}) first");
            if (clock.Elapsed > timeout) throw new TimeoutException($"{what}: not within {timeout.TotalSeconds:N0} s");
            await Task.Delay(100);
        }
    }
}

using System.Collections.Concurrent;

namespace Orchestrator.Core.Telemetry;

/// <summary>Live counters activities update as bytes move; the terminal host renders them (rows, MB/s, ETA).</summary>
public sealed class ProgressBoard
{
    public sealed class TableProgress
    {
        internal long ExtractedRows, LoadedRows, LoadedBytes, ChunksDone;
        public required string Table { get; init; }
        public long EstimatedRows { get; set; }
        public int Chunks { get; set; }
        public long Extracted => Interlocked.Read(ref ExtractedRows);
        public long Loaded => Interlocked.Read(ref LoadedRows);
        public long Bytes => Interlocked.Read(ref LoadedBytes);
        public long Done => Interlocked.Read(ref ChunksDone);
    }

    readonly ConcurrentDictionary<string, TableProgress> _tables = new();

    public IReadOnlyCollection<TableProgress> Tables => _tables.Values.ToList();

    public TableProgress For(string table) => _tables.GetOrAdd(table, t => new TableProgress { Table = t });

    public void Planned(string table, long estimatedRows, int chunks)
    {
        var p = For(table);
        p.EstimatedRows = estimatedRows;
        p.Chunks = chunks;
    }

    public void Extracted(string table, long rows) => Interlocked.Add(ref For(table).ExtractedRows, rows);

    public void LoadedBytes(string table, long bytes) => Interlocked.Add(ref For(table).LoadedBytes, bytes);

    public void ChunkLoaded(string table, long rows)
    {
        var p = For(table);
        Interlocked.Add(ref p.LoadedRows, rows);
        Interlocked.Increment(ref p.ChunksDone);
    }
}

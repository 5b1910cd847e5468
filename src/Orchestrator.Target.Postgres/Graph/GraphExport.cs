using System.Data;
using System.Text;
using System.Text.Json;
using Npgsql;
using Orchestrator.Core.Activities;
using Orchestrator.Core.Spec;
using Orchestrator.Core.Staging;
using Orchestrator.Core.Target;

namespace Orchestrator.Core.Graph;

/// <summary>
/// Writes a migration's graph from the migrated tables: the views nodes and edges in the graph schema, then, from one
/// snapshot, each label's and each type's import file (COPY streamed into the staging store, never a table in memory)
/// with the counts that validate it, then the import script and graph.json. Everything is rewritten on a rerun.
/// </summary>
public sealed class GraphExport(NpgsqlDataSource target, IChunkStore store)
{
    const int BufferSize = 1 << 16;
    public const string Summary = "graph.json";
    public const string ImportScript = "import.sh";

    public async Task<GraphReport> WriteAsync(string migrationId, GraphModel model, CancellationToken ct = default)
    {
        await using var connection = await target.OpenConnectionAsync(ct);
        // A count or a COPY of a large table says nothing until it ends or streams: the server says it is working.
        using var watch = ServerProgress.Watch(target, connection, $"creating the graph views in {model.Schema}");
        await using (var views = new NpgsqlBatch(connection))
        {
            foreach (var sql in new[] { DdlWriter.Schema(model.Schema), GraphSql.NodesView(model), GraphSql.EdgesView(model) })
                views.BatchCommands.Add(new NpgsqlBatchCommand(sql));
            await views.ExecuteNonQueryAsync(ct);
        }

        // The files and the counts they are checked against see the same rows.
        await using var tx = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        var labels = new List<LabelCount>();
        foreach (var node in model.Nodes)
        {
            var file = Neo4jImport.NodesFile(node);
            ActivityPulse.Doing($"writing {file} from {node.Table.Name} to {store.Describe(migrationId)}");
            var nodes = await ExportAsync(connection, migrationId, file, Neo4jImport.NodesHeader(node), GraphSql.NodeRows(node), ct);
            var rows = (long)(await ScalarsAsync(connection, GraphSql.NodeCount(node), ct))[0];
            labels.Add(new LabelCount(node.Label, node.Table.Name.ToString(), nodes, rows, file));
        }
        var types = new List<EdgeCount>();
        foreach (var edge in model.Edges)
        {
            var file = Neo4jImport.RelationshipsFile(edge);
            ActivityPulse.Doing($"writing {file} from {edge.Table.Name} to {store.Describe(migrationId)}");
            var edges = await ExportAsync(connection, migrationId, file, Neo4jImport.RelationshipsHeader(edge),
                GraphSql.EdgeRows(edge), ct);
            var counts = await ScalarsAsync(connection, GraphSql.EdgeCount(edge), ct);
            types.Add(new EdgeCount(edge.Type, edge.Source, edge.Table.Name.ToString(), edge.Start.Label, edge.End.Label, edges,
                counts[0], counts[1], file));
        }
        await tx.CommitAsync(ct);

        var report = new GraphReport($"{store.Describe(migrationId)}/{Neo4jImport.Directory}", model.Schema, labels, types,
            Neo4jImport.Command(model))
        {
            Skipped = model.Skipped,
        };
        await store.WriteDocumentAsync(migrationId, $"{Neo4jImport.Directory}/{ImportScript}", Neo4jImport.Script(model, migrationId), ct);
        await store.WriteDocumentAsync(migrationId, $"{Neo4jImport.Directory}/{Summary}",
            JsonSerializer.Serialize(report, SpecLoader.JsonOptions), ct);
        return report;
    }

    /// <summary>The header line, then the rows as COPY prints them in CSV; returns the records written (one a line).</summary>
    async Task<long> ExportAsync(NpgsqlConnection connection, string migrationId, string file, string header,
        string rows, CancellationToken ct)
    {
        await using var output = await store.CreateDocumentAsync(migrationId, $"{Neo4jImport.Directory}/{file}", ct);
        await output.WriteAsync(Encoding.UTF8.GetBytes(header), ct);
        await using var copy = await CopyStreams.OpenCopyOutAsync(connection, $"COPY ({rows}) TO STDOUT (FORMAT csv)", CopyFormat.Text, ct);
        var buffer = new byte[BufferSize];
        long lines = 0;
        int read;
        while ((read = await copy.ReadAsync(buffer, ct)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        await output.CommitAsync(ct);
        return lines;
    }

    static async Task<long[]> ScalarsAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64).ToArray();
    }
}

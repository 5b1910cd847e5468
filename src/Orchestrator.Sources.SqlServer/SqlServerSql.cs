using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Sources.SqlServer;

/// <summary>
/// The one quoting helper for T-SQL: identifiers in brackets with ] doubled. Values always travel as parameters,
/// so there is no literal helper.
/// </summary>
public static class SqlServerSql
{
    public static string Ident(string name)
    {
        if (name.Contains('\0')) throw new ArgumentException($"identifier contains a NUL character: {name}");
        if (name.Length > 128) throw new ArgumentException($"identifier is longer than SQL Server's 128 characters: {name}");
        return "[" + name.Replace("]", "]]") + "]";
    }

    public static string Table(TableName table) => Ident(table.Schema) + "." + Ident(table.Name);

    public static string Columns(IEnumerable<string> columns) => string.Join(", ", columns.Select(Ident));
}

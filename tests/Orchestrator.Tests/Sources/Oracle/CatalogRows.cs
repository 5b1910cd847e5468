using System.Data;
using System.Data.Common;

namespace Orchestrator.Tests.Sources.Oracle;

/// <summary>Fixture rows shaped like an Oracle catalog query's result, for the reader's mapping functions.</summary>
static class CatalogRows
{
    public static DbDataReader Rows(string[] columns, params object?[][] rows)
    {
        var table = new DataTable();
        foreach (var c in columns) table.Columns.Add(c, typeof(object));
        foreach (var r in rows) table.Rows.Add(r.Select(v => v ?? DBNull.Value).ToArray());
        return table.CreateDataReader();
    }
}

using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Target;

/// <summary>PostgreSQL's DDL for a catalog, as <see cref="DdlWriter"/> renders it.</summary>
public sealed class PostgresDdl : ITargetDdl
{
    public string Script(SourceCatalog catalog) => DdlWriter.Script(catalog);
}

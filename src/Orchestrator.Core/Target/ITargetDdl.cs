using Orchestrator.Core.Catalog;

namespace Orchestrator.Core.Target;

/// <summary>
/// The target's DDL for a catalog, as one reviewable script in the order prepare and finalize apply it: what `plan` and the
/// assessment show before anything is written. Each target kind renders its own; no connection is needed.
/// </summary>
public interface ITargetDdl
{
    string Script(SourceCatalog catalog);
}

namespace Orchestrator.Core.Workflow;

/// <summary>
/// A driver's own word on its errors (a dialect's deadlock, a storage throttle): each source, target and staging
/// project has one, and the engine asks them all before its generic rules.
/// </summary>
public interface ITransientErrors
{
    /// <summary>True when waiting and retrying can help, false when it cannot, null when this driver has no word on it.</summary>
    bool? IsTransient(Exception e);
}

using Orchestrator.Core.Workflow;

namespace Orchestrator.Core.Staging;

/// <summary>
/// Which Azure Storage failures are worth retrying: throttling, timeouts, the service away, and two that a retry repairs.
/// </summary>
public sealed class BlobStoreErrors : ITransientErrors
{
    public static readonly BlobStoreErrors Instance = new();

    // A container gone missing is recreated by the chunk store on the next attempt. ConditionNotMet: a blob write
    // stream commits with If-Match on the ETag it created; when the endpoint drops the reply to a commit that was
    // applied, the SDK's retry of it fails 412. The next attempt stages the chunk under a new name, so it is safe.
    public bool? IsTransient(Exception e) => e is Azure.RequestFailedException storage
        ? storage.Status is 0 or 408 or 429 or >= 500 || storage.ErrorCode is "ContainerNotFound" or "ConditionNotMet"
        : null;
}

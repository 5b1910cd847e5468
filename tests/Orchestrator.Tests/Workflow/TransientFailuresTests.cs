using Orchestrator.Core.Workflow;

namespace Orchestrator.Tests.Workflow;

public class TransientFailuresTests
{
    [Theory]
    [InlineData(503, null, true)]
    [InlineData(429, null, true)]
    [InlineData(404, "ContainerNotFound", true)]   // the store recreates it on the next attempt
    [InlineData(412, "ConditionNotMet", true)]     // a retried blob commit whose first try was applied
    [InlineData(404, "BlobNotFound", false)]
    [InlineData(403, "AuthorizationFailure", false)]
    public void Storage_failures_are_classified(int status, string? code, bool transient) =>
        Assert.Equal(transient, TransientFailures.IsTransient(new Azure.RequestFailedException(status, "x", code, null)));

    [Fact]
    public void Io_failures_are_transient_and_bad_data_is_not()
    {
        Assert.True(TransientFailures.IsTransient(new IOException("reset")));
        Assert.False(TransientFailures.IsTransient(new InvalidOperationException("bug")));
    }
}

using Orchestrator.Core.Spec;
using Orchestrator.Core.Sync;
using Orchestrator.Functions.Http;

namespace Orchestrator.FunctionsTests;

/// <summary>POST /api/migrations/{id}/cutover bodies: the request they make, and the 400 answers naming the JSON field.</summary>
public class CutoverRequestBodyTests
{
    static IReadOnlyList<string> Problems(string body) => Assert.Throws<SpecException>(() => CutoverRequestBody.Read(body)).Problems;

    [Fact]
    public void An_empty_body_asks_for_the_default_cutover_and_fields_set_theirs()
    {
        Assert.Equal(new CutoverRequest(), CutoverRequestBody.Read(""));
        Assert.Equal(new CutoverRequest(true, 60, true),
            CutoverRequestBody.Read("""{ "readOnly": true, "timeoutSeconds": 60, "fullCompare": true }"""));
        Assert.Equal(new CutoverRequest(Prepare: true), CutoverRequestBody.Read("""{ "prepare": true }"""));
    }

    [Fact]
    public void The_shared_check_names_the_body_fields()
    {
        Assert.Equal(["timeoutSeconds: must be a whole number of seconds between 1 and 86400"],
            Problems("""{ "timeoutSeconds": 86401 }"""));
        Assert.Equal(["prepare: runs before writes stop and compares changed keys only; give readOnly and fullCompare to the cutover " +
            "that follows, not to prepare"], Problems("""{ "prepare": true, "fullCompare": true }"""));
    }

    [Theory]
    [InlineData("""{ "timeoutSeconds": "60" }""")]
    [InlineData("""{ "timeoutSeconds": 1.5 }""")]
    public void A_timeout_that_is_not_a_whole_number_is_refused_by_name(string body) =>
        Assert.Equal(["timeoutSeconds: must be a whole number of seconds between 1 and 86400"], Problems(body));
}

using Orchestrator.Cli;
using Orchestrator.Core.Sync;

namespace Orchestrator.Tests.Sync;

/// <summary>The one check of a cutover request that the CLI (exit 2) and the HTTP API (400) both make.</summary>
public class CutoverRequestTests
{
    static IReadOnlyList<string> Problems(CutoverRequest request) => request.Problems(field => $"<{field}>");

    [Theory]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(86_400)]
    public void A_timeout_from_a_second_to_a_day_is_fine(int seconds) =>
        Assert.Empty(Problems(new CutoverRequest(TimeoutSeconds: seconds)));

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(86_401)]
    public void A_timeout_outside_a_second_to_a_day_is_refused_by_the_hosts_name(int seconds) =>
        Assert.Equal(["<TimeoutSeconds>: must be a whole number of seconds between 1 and 86400"],
            Problems(new CutoverRequest(TimeoutSeconds: seconds)));

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Prepare_refuses_read_only_and_full_compare_which_belong_to_the_cutover_after_it(bool readOnly, bool fullCompare) =>
        Assert.Equal(["<Prepare>: runs before writes stop and compares changed keys only; give <ReadOnly> and <FullCompare> " +
            "to the cutover that follows, not to <Prepare>"], Problems(new CutoverRequest(readOnly, 300, fullCompare, Prepare: true)));

    [Fact]
    public void Prepare_alone_and_a_cutover_with_every_option_are_fine()
    {
        Assert.Empty(Problems(new CutoverRequest(Prepare: true)));
        Assert.Empty(Problems(new CutoverRequest(ReadOnly: true, FullCompare: true)));
    }

    [Fact]
    public void Every_problem_is_reported_at_once() =>
        Assert.Equal(2, Problems(new CutoverRequest(ReadOnly: true, TimeoutSeconds: 0, Prepare: true)).Count);

    [Fact]
    public void The_cli_names_each_field_by_its_option()
    {
        Assert.Equal(["--timeout: must be a whole number of seconds between 1 and 86400",
            "--prepare: runs before writes stop and compares changed keys only; give --read-only and --full-compare " +
                "to the cutover that follows, not to --prepare"],
            new CutoverRequest(FullCompare: true, TimeoutSeconds: 0, Prepare: true).Problems(SyncCommands.CutoverOption));
        Assert.Throws<ArgumentOutOfRangeException>(() => SyncCommands.CutoverOption("Spec"));
    }
}

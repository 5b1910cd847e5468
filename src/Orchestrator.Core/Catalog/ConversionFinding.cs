namespace Orchestrator.Core.Catalog;

/// <summary>
/// One thing the schema conversion did not carry over as is: a name folded, shortened or suffixed, a default, check
/// or index it could not translate, a foreign key to a table outside the selection. Nothing is dropped without one.
/// </summary>
/// <param name="Subject">What it is about, in source names: "dbo.Orders", "dbo.Orders.Total", "dbo.Orders index IX_Odd".</param>
/// <param name="Rule">The rule that applied: identifier, collision, reserved-word, default, check, index, foreign-key, computed-column,
/// type-override.</param>
/// <param name="Message">What happened and what it means for the target.</param>
public sealed record ConversionFinding(string Subject, string Rule, string Message)
{
    public override string ToString() => $"{Subject}: {Message} [{Rule}]";
}

using System.Text.Json.Nodes;

namespace Orchestrator.Core.Assessment.AiMl;

/// <summary>
/// An AI/ML reading of one column, written as the spec rule that would act on it (an element of the spec's
/// <c>rules</c> array, ready to paste), with the evidence it rests on. A <see cref="SuggestionKinds.Graph"/>
/// suggestion is the spec's <c>graph</c> section instead; its table names the junction tables that suggest it.
/// </summary>
public sealed record SpecRuleSuggestion(string Kind, string Table, string Column, JsonObject Rule, string Evidence);

/// <summary>The kinds of suggestion, which are also the rule's action property.</summary>
public static class SuggestionKinds
{
    public const string Vector = "vector";
    public const string Artifact = "artifact";
    public const string TimeSeries = "timeSeries";
    public const string Document = "document";
    public const string Pii = "pii";
    /// <summary>Not a rule: the spec's graph section (<see cref="GraphSuggestion"/>).</summary>
    public const string Graph = "graph";
}

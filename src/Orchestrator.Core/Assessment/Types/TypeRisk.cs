using System.Text.RegularExpressions;

namespace Orchestrator.Core.Assessment.Types;

/// <summary>A declared source type (matched in lower case) the type mapping cannot carry exactly: how bad, why, what instead.</summary>
public sealed record TypeRisk(Regex SourceType, string Severity, string Reason, string Fallback);

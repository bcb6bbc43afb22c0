namespace ImageSearch.Tests.Contract;

/// <summary>An API response that does not keep the contract (static-site/openapi.json).</summary>
public sealed class ContractViolationException(IReadOnlyList<string> violations)
    : Exception("The response breaks the API contract (static-site/openapi.json):" + Environment.NewLine + string.Join(Environment.NewLine, violations))
{
    public IReadOnlyList<string> Violations { get; } = violations;
}

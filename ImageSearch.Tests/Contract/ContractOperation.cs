using System.Text.Json;

namespace ImageSearch.Tests.Contract;

/// <summary>One operation of the contract: method, path template (<c>/api/sessions/{sessionId}</c>) and its OpenAPI object.</summary>
public sealed record ContractOperation(string Method, string Template, JsonElement Definition)
{
    public string Pointer => $"/paths/{ApiContract.Escape(Template)}/{Method.ToLowerInvariant()}";

    /// <summary>True when <paramref name="path"/> (no query) fits the template: literal segments equal, each <c>{name}</c> one segment.</summary>
    public bool Matches(string path)
    {
        var template = Template.Split('/');
        var actual = path.Split('/');
        return template.Length == actual.Length && template.Zip(actual).All(pair =>
            pair.First.StartsWith('{') ? pair.Second.Length > 0 : string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>How many literal segments the template has: the most literal match wins, as in ASP.NET Core routing.</summary>
    public int Literals => Template.Split('/').Count(s => !s.StartsWith('{'));

    public override string ToString() => $"{Method} {Template}";
}

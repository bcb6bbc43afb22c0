namespace ImageSearch.Tests.Contract;

/// <summary>
/// The test HTTP client's last handler before the network: every API response any test receives from the real app is
/// checked against the contract (<see cref="ContractValidator"/>), so no test can forget to. A response that breaks the
/// contract fails the call with the list of differences.
/// </summary>
public sealed class ContractValidatingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken); // buffered: the test reads it again
        // NonValidated: the header values as sent (parsed values are re-serialised: "private, no-store" → "no-store, private").
        var headers = response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
        var exchange = new ApiExchange(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, headers,
            response.Content.Headers.ContentType?.MediaType, body);
        var violations = ContractValidator.Validate(exchange);
        if (violations.Count > 0)
        {
            response.Dispose();
            throw new ContractViolationException(violations);
        }

        return response;
    }
}

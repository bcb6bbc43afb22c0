using ImageSearch.Core.Errors;
using ImageSearch.Core.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ImageSearch.Functions.Http;

/// <summary>
/// The session a call of the session API names. Its id is the session's only secret, so it travels in the
/// <c>Session-Id</c> header with the literal <c>current</c> in the path (<c>/api/sessions/current/search</c>): URLs reach
/// logs the app does not control (the Functions host's platform log writes every request path, proxies and browsers keep
/// them), headers do not. The first API's form, the id in the path, is taken while <see cref="SessionOptions.AcceptIdInPath"/>
/// is on and refused with 400 <c>session-id-in-path</c> once it is off.
/// </summary>
public sealed class SessionIdentity(IOptions<SessionOptions> options)
{
    /// <summary>The request header that carries the session id.</summary>
    public const string HeaderName = "Session-Id";

    /// <summary>The path segment that stands for "the session in the <see cref="HeaderName"/> header".</summary>
    public const string Current = "current";

    /// <summary>The session id of <paramref name="request"/>, whose route value for the session is <paramref name="routeValue"/>.</summary>
    /// <exception cref="RequestValidationException">
    /// <c>session-id-missing</c>: <c>current</c> without exactly one non-empty header; <c>session-id-in-path</c>: an id in
    /// the path while that form is off.
    /// </exception>
    public string IdOf(HttpRequest request, string routeValue)
    {
        if (string.Equals(routeValue, Current, StringComparison.Ordinal))
        {
            return request.Headers[HeaderName] is [{ Length: > 0 } id]
                ? id
                : throw new RequestValidationException(
                    "session-id-missing", $"'{Current}' in the path needs the session id in one {HeaderName} header.");
        }

        return options.Value.AcceptIdInPath
            ? routeValue
            : throw new RequestValidationException(
                "session-id-in-path", $"Send the session id in the {HeaderName} header and '{Current}' in the path: an id in a URL ends up in logs.");
    }
}

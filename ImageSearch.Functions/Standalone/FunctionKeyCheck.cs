using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// The host's key check for HTTP functions whose authorization level is not anonymous: the key comes in the
/// <c>x-functions-key</c> header or the <c>code</c> query parameter; a request without a valid key gets 401 and the
/// function does not run. Standalone mode has one key (setting <c>Standalone:FunctionKey</c>), which plays the host's
/// master key, so it opens every level; without the setting non-anonymous functions are closed, as under a host with no key.
/// </summary>
public sealed class FunctionKeyCheck(string? key)
{
    public const string SettingName = "Standalone:FunctionKey";
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    private readonly byte[]? _key = string.IsNullOrEmpty(key) ? null : Encoding.UTF8.GetBytes(key);

    public bool IsConfigured => _key is not null;

    public bool Allows(HttpRequest request, AuthorizationLevel level)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        if (_key is null)
        {
            return false;
        }

        string? presented = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(presented))
        {
            presented = request.Query[QueryName];
        }

        return !string.IsNullOrEmpty(presented)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _key);
    }
}

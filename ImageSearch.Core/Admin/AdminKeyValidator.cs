using System.Security.Cryptography;
using System.Text;
using ImageSearch.Core.Errors;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Admin;

/// <summary>
/// Checks an admin key in constant time. Admin endpoints are never open: no configured key means no access. How the key
/// travels (an HTTP header) is the HTTP layer's business.
/// </summary>
public sealed class AdminKeyValidator(IOptions<AdminOptions> options)
{
    public void Demand(string? presented)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            throw new ImageSearchException("admin-disabled", ErrorKind.Forbidden, "Admin access disabled", "No admin key is configured (Admin__ApiKey).");
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        if (!CryptographicOperations.FixedTimeEquals(a, b))
        {
            throw new ImageSearchException("admin-key-invalid", ErrorKind.Forbidden, "Forbidden", "A valid admin key is required.");
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using ImageSearch.Core.Errors;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Admin;

/// <summary>Checks the admin key in constant time. Admin endpoints are never open: no configured key means no access.</summary>
public sealed class AdminKeyValidator(IOptions<AdminOptions> options)
{
    public const string HeaderName = "X-Admin-Key";

    public void Demand(string? presented)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            throw new ImageSearchException("admin-disabled", "Admin access disabled", 403, "No admin key is configured (Admin__ApiKey).");
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        if (!CryptographicOperations.FixedTimeEquals(a, b))
        {
            throw new ImageSearchException("admin-key-invalid", "Forbidden", 403, $"A valid {HeaderName} header is required.");
        }
    }
}

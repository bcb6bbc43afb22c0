using System.Security.Cryptography;
using System.Text;
using ImageSearch.Core.Errors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Admin;

/// <summary>
/// Checks an admin key in constant time. Admin endpoints are never open: no configured key means no access, and outside
/// development the sample's key or one under 32 bytes means no access either. How the key travels (an HTTP header) is
/// the HTTP layer's business. The environment is the host's (AZURE_FUNCTIONS_ENVIRONMENT; standalone mode reads it too);
/// without a host (a bare service collection) the strict rule applies.
/// </summary>
public sealed class AdminKeyValidator(IOptions<AdminOptions> options, IHostEnvironment? environment = null)
{
    public void Demand(string? presented)
    {
        var expected = options.Value.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            throw new ImageSearchException("admin-disabled", ErrorKind.Forbidden, "Admin access disabled", "No admin key is configured (Admin__ApiKey).");
        }

        // A deployment that kept the sample's key, or set a short one, has no real protection: closed until it is fixed.
        if (environment?.IsDevelopment() != true && (expected == AdminOptions.SampleKey || Encoding.UTF8.GetByteCount(expected) < AdminOptions.MinKeyBytes))
        {
            throw new ImageSearchException("admin-key-weak", ErrorKind.Forbidden, "Admin access disabled",
                $"The configured admin key is the sample's or shorter than {AdminOptions.MinKeyBytes} bytes: set a strong Admin__ApiKey.");
        }

        var a = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? ""));
        var b = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        if (!CryptographicOperations.FixedTimeEquals(a, b))
        {
            throw new ImageSearchException("admin-key-invalid", ErrorKind.Forbidden, "Forbidden", "A valid admin key is required.");
        }
    }
}

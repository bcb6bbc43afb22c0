using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Downloads;

/// <summary>Section "Downloads": signed, short-lived download links.</summary>
public sealed class DownloadOptions : IValidatableObject
{
    public const string SectionName = "Downloads";

    /// <summary>Base64 HMAC key (≥ 32 bytes) shared by all instances. Empty: a random key per process (links then work only on the instance that issued them).</summary>
    public string SigningKey { get; set; } = "";

    [Range(1, 24 * 60)]
    public int LinkLifetimeMinutes { get; set; } = 15;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (SigningKey.Length == 0)
        {
            yield break;
        }

        var bytes = new byte[SigningKey.Length];
        if (!Convert.TryFromBase64String(SigningKey, bytes, out var length) || length < 32)
        {
            yield return new ValidationResult("Downloads__SigningKey must be base64 of at least 32 bytes.", [nameof(SigningKey)]);
        }
    }
}

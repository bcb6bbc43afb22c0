namespace ImageSearch.Core.Admin;

/// <summary>Section "Admin". Without an <see cref="ApiKey"/>, admin endpoints refuse every request.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public string? ApiKey { get; set; }

    /// <summary>The key local.settings.sample.json ships: refused outside development, as is any key under this many bytes.</summary>
    public const string SampleKey = "local-admin-key-change-me-0123456789";

    public const int MinKeyBytes = 32;
}

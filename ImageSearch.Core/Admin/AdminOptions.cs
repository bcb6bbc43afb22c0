namespace ImageSearch.Core.Admin;

/// <summary>Section "Admin". Without an <see cref="ApiKey"/>, admin endpoints refuse every request.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    public string? ApiKey { get; set; }
}

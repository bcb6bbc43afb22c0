using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Uploads;

/// <summary>Section "Uploads".</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    [Range(0, 100)]
    public int MaxPerSession { get; set; } = 5;
}

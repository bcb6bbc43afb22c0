using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Captioning;

/// <summary>The downloaded vit-gpt2 captioner and how to decode with it. Section "Captioner".</summary>
public sealed class CaptionerOptions
{
    public const string SectionName = "Captioner";

    /// <summary>Folder filled by <c>scripts/download-models.sh vit-gpt2-image-captioning</c> (files keep their repo paths).</summary>
    [Required(AllowEmptyStrings = false)]
    public string ModelDirectory { get; set; } = "models/downloaded/vit-gpt2-image-captioning";

    /// <summary>Beam width; 1 decodes greedily.</summary>
    [Range(1, 8)]
    public int NumBeams { get; set; } = 3;

    /// <summary>Longest caption in tokens, counting the decoder start token (Hugging Face's max_length).</summary>
    [Range(2, 64)]
    public int MaxLength { get; set; } = 20;

    [Range(1, 64)]
    public int IntraOpNumThreads { get; set; } = 2;
}

using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Imaging;

/// <summary>Limits applied to every image the service decodes (uploads, catalog imports, remote images). Section "Images".</summary>
public sealed class ImageLimitsOptions
{
    public const string SectionName = "Images";

    [Range(1024, 256L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    [Range(1, 500_000_000)]
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Longest accepted side in pixels (a 65535 x 1 strip has few pixels but no JPEG can hold it).</summary>
    [Range(64, 65_500)]
    public int MaxSide { get; set; } = 16_384;

    /// <summary>Upper bound for any single buffer the decoder may allocate.</summary>
    [Range(16, 4096)]
    public int DecoderMemoryLimitMegabytes { get; set; } = 256;

    /// <summary>
    /// CPU time one image may take to decode (one core; <see cref="DecodeCpuBudget"/>). The JPEG decoder stops at the limit
    /// (a small progressive JPEG of thousands of scans would otherwise cost minutes); the other formats cost at most their
    /// pixels and bytes. A 40-megapixel baseline JPEG takes ~0.4–0.6 s of CPU for its whole upload here (docs/security.md).
    /// </summary>
    [Range(0.1, 60)]
    public double DecodeCpuSeconds { get; set; } = 1.0;

    /// <summary>
    /// After a burst of decoding, how long every decode slot must stay free before the memory is given back to the
    /// operating system (<see cref="DecodeMemoryRelief"/>); 0 = never.
    /// </summary>
    [Range(0, 600)]
    public double ReleaseMemoryAfterSeconds { get; set; } = 2;

    [Range(1, 100)]
    public int JpegQuality { get; set; } = 90;

    /// <summary>
    /// Images decoded at once per instance, by uploads, imports and web fetches together (0 = one per processor). With
    /// <see cref="DecoderMemoryLimitMegabytes"/> it bounds the memory decoding can take: slots × limit.
    /// </summary>
    [Range(0, 64)]
    public int MaxConcurrentDecodes { get; set; }

    /// <summary>How long an upload or import waits for a decode slot before it answers 503 <c>decoder-busy</c>.</summary>
    [Range(0, 60)]
    public int DecodeQueueSeconds { get; set; } = 10;
}

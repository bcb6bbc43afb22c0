using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace ImageSearch.Core.Imaging;

/// <summary>
/// The PIL resampling filter a Hugging Face <c>preprocessor_config.json</c> names by number (<c>"resample"</c>), as the
/// ImageSharp resampler closest to it. ImageSharp's kernels are close to PIL's, not bit-identical.
/// </summary>
public static class PilResampling
{
    public const int Nearest = 0;
    public const int Lanczos = 1;
    public const int Bilinear = 2;
    public const int Bicubic = 3;
    public const int Box = 4;

    /// <summary>Throws <see cref="FormatException"/> for a filter with no ImageSharp equivalent.</summary>
    public static IResampler Resampler(int pilCode) => pilCode switch
    {
        Nearest => KnownResamplers.NearestNeighbor,
        Lanczos => KnownResamplers.Lanczos3,
        Bilinear => KnownResamplers.Triangle,
        Bicubic => KnownResamplers.Bicubic,
        Box => KnownResamplers.Box,
        _ => throw new FormatException($"preprocessor_config.json asks for PIL resample {pilCode}, which has no ImageSharp equivalent here."),
    };
}

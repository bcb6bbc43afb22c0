namespace ImageSearch.Core.Imaging;

/// <summary>
/// What a Hugging Face image processor does to an image (from its <c>preprocessor_config.json</c>): resize — stretched to
/// <see cref="Height"/> x <see cref="Width"/> (ViTImageProcessor), or shortest edge to <see cref="ShortestEdge"/> then a
/// centre crop of <see cref="Height"/> x <see cref="Width"/> (CLIPImageProcessor) — with a PIL filter, then rescale and
/// normalise per channel.
/// </summary>
/// <param name="ShortestEdge">Null: stretch to the output size; otherwise the shorter side's length before the crop.</param>
/// <param name="Height">Output height (crop height, or stretched height).</param>
/// <param name="Width">Output width.</param>
/// <param name="DoResize">False (shortest-edge processors only): no resize before the crop.</param>
/// <param name="Resample">The PIL filter code (<see cref="PilResampling"/>).</param>
/// <param name="DoRescale">Whether 0..255 levels are multiplied by <paramref name="RescaleFactor"/>.</param>
/// <param name="RescaleFactor">Usually 1/255.</param>
/// <param name="DoNormalize">Whether (value − mean) / std is applied per channel.</param>
/// <param name="ImageMean">Per-channel mean (R, G, B).</param>
/// <param name="ImageStd">Per-channel standard deviation (R, G, B).</param>
public sealed record HfImageSettings(
    int? ShortestEdge, int Height, int Width, bool DoResize, int Resample,
    bool DoRescale, double RescaleFactor, bool DoNormalize, float[] ImageMean, float[] ImageStd);

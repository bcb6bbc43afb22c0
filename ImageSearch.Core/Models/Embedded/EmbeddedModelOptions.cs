using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Models.Embedded;

/// <summary>The embedded model tier (models shipped inside NuGet packages). Section "EmbeddedModels".</summary>
public sealed class EmbeddedModelOptions
{
    public const string SectionName = "EmbeddedModels";

    /// <summary>
    /// ONNX Runtime intra-op threads per model session. One: imports run on one background thread per processor
    /// (<c>Catalog__BackgroundThreads</c>), so two-thread sessions put twice as many threads as cores into each model call;
    /// on 2 cores one thread imported 1.7× faster and kept a search's p99 during a bulk import within 1.2× of idle
    /// (docs/performance.md §5c), text queries no slower.
    /// </summary>
    [Range(1, 64)]
    public int IntraOpNumThreads { get; set; } = 1;

    /// <summary>Folder holding ResNet18.onnx, ResNetPreprocess.onnx and resnet18.preprocess.json (relative: under the app folder).</summary>
    [Required(AllowEmptyStrings = false)]
    public string ModelDirectory { get; set; } = "models/embedded";

    /// <summary>Texts per ONNX Runtime call; larger batches are split.</summary>
    [Range(1, 256)]
    public int TextBatchSize { get; set; } = 32;
}

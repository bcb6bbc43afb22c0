using System.ComponentModel.DataAnnotations;

namespace ImageSearch.Core.Models.Clip;

/// <summary>Where the downloaded CLIP export lives and how to run it. Section "Clip".</summary>
public sealed class ClipOptions
{
    public const string SectionName = "Clip";

    /// <summary>Folder filled by <c>scripts/download-models.sh</c> (files keep their paths inside the Hugging Face repo); relative: under the app folder.</summary>
    [Required]
    public string ModelDirectory { get; set; } = "models/downloaded/clip-vit-base-patch32";

    /// <summary>Threads ONNX Runtime may use inside one inference call.</summary>
    [Range(1, 64)]
    public int IntraOpNumThreads { get; set; } = 2;

    /// <summary>Texts or images sent to the model in one call.</summary>
    [Range(1, 256)]
    public int BatchSize { get; set; } = 16;

    /// <summary>
    /// Optional path to CLIP's own <c>bpe_simple_vocab_16e6.txt.gz</c>. When empty, the tokenizer is built from
    /// <c>vocab.json</c> + <c>merges.txt</c> in <see cref="ModelDirectory"/>; both give the same ids.
    /// </summary>
    public string? BpeVocabularyPath { get; set; }

    public string TextModelFile { get; set; } = "onnx/text_model.onnx";

    public string VisionModelFile { get; set; } = "onnx/vision_model.onnx";

    public string PreprocessorConfigFile { get; set; } = "preprocessor_config.json";
}

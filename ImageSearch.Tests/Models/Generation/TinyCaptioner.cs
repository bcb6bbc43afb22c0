using ImageSearch.Core.Models.Generation;
using static ImageSearch.Tests.Models.Generation.OnnxGraph;

namespace ImageSearch.Tests.Models.Generation;

/// <summary>
/// A stand-in for the Xenova/vit-gpt2-image-captioning export in a temporary folder: encoder <c>onnx/encoder_model.onnx</c>
/// (pixel_values float [batch_size, 3, 224, 224] → last_hidden_state float [batch_size, 4, 8] = mean blue − mean red of the
/// normalised image, in every cell), merged decoder <c>onnx/decoder_model_merged.onnx</c> (see <see cref="TinyDecoder"/>)
/// and the export's ViT <c>preprocessor_config.json</c>. The decoder writes "a photo of a" then " cat" for reddish images
/// and " dog" for bluish ones, then end-of-text.
/// </summary>
internal static class TinyCaptioner
{
    public const int Cat = 3797;
    public const int Dog = 3290;

    /// <summary>nlpconnect/vit-gpt2-image-captioning's preprocessor_config.json (old ViTFeatureExtractor layout).</summary>
    public const string PreprocessorConfig = """
        {"do_normalize": true, "do_resize": true, "feature_extractor_type": "ViTFeatureExtractor",
         "image_mean": [0.5, 0.5, 0.5], "image_std": [0.5, 0.5, 0.5], "resample": 2, "size": 224}
        """;

    /// <summary>"a photo of a" then cat or dog (equally likely before the image bias), then end-of-text.</summary>
    public static Transitions CatOrDog() => new Transitions(Gpt2Tokenizer.EndOfText)
        .Chain([Gpt2Tokenizer.EndOfText, 64, 4590, 286], end: 257)
        .After(257, (Cat, 0.5), (Dog, 0.5))
        .After(Cat, (Gpt2Tokenizer.EndOfText, 1))
        .After(Dog, (Gpt2Tokenizer.EndOfText, 1));

    public static string Write(string directory, Transitions? table = null, bool withPast = true, bool encoderAttentionMask = false)
    {
        WriteEncoder(Path.Combine(directory, "onnx", "encoder_model.onnx"));
        new TinyDecoder(table ?? CatOrDog())
        {
            Caption = true,
            WithPast = withPast,
            WithEncoderAttentionMask = encoderAttentionMask,
            ImageBias = new Dictionary<int, float> { [Dog] = 1f, [Cat] = -1f },
        }.Write(Path.Combine(directory, "onnx", "decoder_model_merged.onnx"));
        File.WriteAllText(Path.Combine(directory, "preprocessor_config.json"), PreprocessorConfig);
        return directory;
    }

    public static void WriteEncoder(string path)
    {
        var g = new OnnxGraph("tiny_vit");
        g.Input("pixel_values", FloatType, "batch_size", 3, 224, 224);
        g.Output("last_hidden_state", FloatType, "batch_size", 4, 8);
        var means = g.Node("ReduceMean", ["pixel_values"], null, Ints("axes", 2, 3), Int("keepdims", 0));
        var blueMinusRed = g.Node("MatMul", [means, g.Floats("w", [3, 8], Enumerable.Range(0, 24).Select(i => (i / 8) switch { 0 => -1f, 1 => 0f, _ => 1f }))]);
        var row = g.Node("Unsqueeze", [blueMinusRed, g.Int64s("axis1", [1], [1])]);
        g.Node("Expand", [row, g.Int64s("shape", [3], [1, 4, 8])], "last_hidden_state");
        g.Save(path);
    }
}

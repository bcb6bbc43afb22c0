using ImageSearch.Core.Imaging;
using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Generation;
using Microsoft.ML.OnnxRuntime;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Captioning;

/// <summary>
/// The loaded files of the vit-gpt2 export: the ViT encoder (<c>pixel_values</c> float [batch, 3, 224, 224] →
/// <c>last_hidden_state</c> float [batch, 197, 768]), the merged GPT-2 decoder that reads it through
/// <c>encoder_hidden_states</c>, and the preprocessing of <c>preprocessor_config.json</c>.
/// </summary>
internal sealed class CaptionerModel : IDisposable
{
    public const string EncoderFile = "onnx/encoder_model.onnx";
    public const string DecoderFile = "onnx/decoder_model_merged.onnx";
    public const string PreprocessorFile = "preprocessor_config.json";
    private const string PixelValues = "pixel_values";
    private const string LastHiddenState = "last_hidden_state";

    private readonly InferenceSession _encoder;
    private readonly string _encoderPath;

    private CaptionerModel(InferenceSession encoder, string encoderPath, OnnxDecoder decoder, HfImageProcessor preprocessor)
    {
        _encoder = encoder;
        _encoderPath = encoderPath;
        Decoder = decoder;
        Preprocessor = preprocessor;
    }

    public OnnxDecoder Decoder { get; }

    public HfImageProcessor Preprocessor { get; }

    public static CaptionerModel Load(string modelId, string directory, int intraOpNumThreads)
    {
        var preprocessor = new HfImageProcessor(VitPreprocessorConfig.Load(Path.Combine(directory, PreprocessorFile)).Settings);
        var encoderPath = Path.Combine(directory, EncoderFile);
        var encoder = OnnxSessions.FromFile(modelId, encoderPath, intraOpNumThreads)
            .Expect(modelId, encoderPath, [PixelValues], [LastHiddenState]);
        try
        {
            var decoder = OnnxDecoder.Open(modelId, Path.Combine(directory, DecoderFile), Gpt2Tokenizer.VocabularySize, intraOpNumThreads);
            if (!decoder.TakesEncoderStates)
            {
                decoder.Dispose();
                throw new ModelUnavailableException(modelId, Path.Combine(directory, DecoderFile), "the decoder has no encoder_hidden_states input");
            }

            return new CaptionerModel(encoder, encoderPath, decoder, preprocessor);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>The encoder's hidden states for one image.</summary>
    public EncoderOutput Encode(Image<Rgb24> image, CancellationToken cancellationToken)
    {
        var pixels = Preprocessor.Preprocess(image);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [1, 3, Preprocessor.Height, Preprocessor.Width]);
        IDisposableReadOnlyCollection<OrtValue> results;
        try
        {
            results = _encoder.Run(new Dictionary<string, OrtValue> { [PixelValues] = input }, [LastHiddenState], cancellationToken);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelUnavailableException(Decoder.ModelId, _encoderPath, $"the encoder failed to run: {e.Message}", e);
        }

        using (results)
        {
            var shape = results[0].GetTensorTypeAndShape().Shape;
            if (shape is not [1, var length, var width] || length < 1 || width < 1)
            {
                throw new ModelUnavailableException(Decoder.ModelId, _encoderPath,
                    $"the encoder returned {LastHiddenState} [{string.Join(", ", shape)}]; expected [1, tokens, width]");
            }

            return new EncoderOutput(results[0].GetTensorDataAsSpan<float>().ToArray(), (int)length, (int)width);
        }
    }

    public void Dispose()
    {
        _encoder.Dispose();
        Decoder.Dispose();
    }
}

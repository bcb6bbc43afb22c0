using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// CLIP's BPE vocabulary and merge list, read either from openai/CLIP's <c>bpe_simple_vocab_16e6.txt.gz</c> (built as
/// <c>simple_tokenizer.py</c> does) or from the Hugging Face <c>vocab.json</c> + <c>merges.txt</c> of the export.
/// </summary>
public sealed class ClipVocabulary
{
    public const string StartToken = "<|startoftext|>";
    public const string EndToken = "<|endoftext|>";
    public const string EndOfWordSuffix = "</w>";

    /// <summary>simple_tokenizer.py keeps lines[1 : 49152 - 256 - 2 + 1] of the archive: 48 894 merges.</summary>
    private const int MergeCount = 49152 - 256 - 2;

    private ClipVocabulary(Dictionary<string, int> tokens, IReadOnlyList<string> merges)
    {
        Tokens = tokens;
        Merges = merges;
    }

    public IReadOnlyDictionary<string, int> Tokens { get; }

    /// <summary>Merge rules, highest priority first, each as "left right".</summary>
    public IReadOnlyList<string> Merges { get; }

    public static ClipVocabulary FromBpeArchive(string gzPath)
    {
        string[] lines;
        using (var file = OpenExisting(gzPath))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip, Encoding.UTF8))
        {
            lines = reader.ReadToEnd().Split('\n');
        }

        if (lines.Length < MergeCount + 1)
        {
            throw new InvalidDataException($"'{gzPath}' holds {lines.Length} lines; CLIP's BPE vocabulary has more than {MergeCount}.");
        }

        var merges = lines[1..(MergeCount + 1)];
        var byteChars = ClipByteEncoder.ByteCharsInVocabularyOrder;
        var ordered = new List<string>(byteChars.Count * 2 + merges.Length + 2);
        ordered.AddRange(byteChars);
        ordered.AddRange(byteChars.Select(c => c + EndOfWordSuffix));
        ordered.AddRange(merges.Select(m => m.Replace(" ", string.Empty, StringComparison.Ordinal)));
        ordered.Add(StartToken);
        ordered.Add(EndToken);

        var tokens = new Dictionary<string, int>(ordered.Count, StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            tokens.Add(ordered[i], i);
        }

        return new ClipVocabulary(tokens, merges);
    }

    /// <summary>The tokenizer files of a Hugging Face CLIP repo (<c>vocab.json</c>, <c>merges.txt</c> with a <c>#version</c> header).</summary>
    public static ClipVocabulary FromHuggingFaceFiles(string vocabJsonPath, string mergesPath)
    {
        Dictionary<string, int> tokens;
        using (var file = OpenExisting(vocabJsonPath))
        {
            tokens = JsonSerializer.Deserialize<Dictionary<string, int>>(file)
                ?? throw new InvalidDataException($"'{vocabJsonPath}' is not a JSON object of token ids.");
        }

        using var mergesFile = OpenExisting(mergesPath);
        using var reader = new StreamReader(mergesFile, Encoding.UTF8);
        var merges = new List<string>(MergeCount);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith("#version", StringComparison.Ordinal))
            {
                merges.Add(line);
            }
        }

        return new ClipVocabulary(tokens, merges);
    }

    private static FileStream OpenExisting(string path) => File.Exists(path)
        ? File.OpenRead(path)
        : throw new FileNotFoundException($"CLIP tokenizer file '{path}' is missing. Run scripts/download-models.sh or set Clip__BpeVocabularyPath.");
}

using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace ImageSearch.Core.Models.Embedded;

/// <summary>
/// Strips accents as BERT uncased tokenisation does (NFD, then drop non-spacing marks). BertTokenizer relies on
/// string.Normalize, which changes nothing under InvariantGlobalization, so "café" would become [UNK] there;
/// this applies the precomputed result per character (bert-strip-accents.txt) and works in either mode.
/// </summary>
public static class BertAccentStripping
{
    private const string TableResource = "ImageSearch.Core.Models.Embedded.bert-strip-accents.txt";
    private static readonly Lazy<FrozenDictionary<char, string>> Table = new(LoadTable);

    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var table = Table.Value;
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (table.TryGetValue(c, out var stripped))
            {
                builder.Append(stripped);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static FrozenDictionary<char, string> LoadTable()
    {
        using var stream = typeof(BertAccentStripping).Assembly.GetManifestResourceStream(TableResource)
            ?? throw new InvalidOperationException($"Resource {TableResource} is missing from {typeof(BertAccentStripping).Assembly.FullName}.");
        using var reader = new StreamReader(stream);
        var table = new Dictionary<char, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var codes = line.Split(' ');
            var result = string.Concat(codes.Skip(1).Select(code => (char)int.Parse(code, NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            table[(char)int.Parse(codes[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = result;
        }

        return table.ToFrozenDictionary();
    }
}

using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// ftfy's <c>unescape_html</c> (ftfy 6.3): only references that end in ';' (<c>&amp;#?[0-9A-Za-z]{1,24};</c>), named ones from
/// html.entities.html5 plus all-caps forms of the lower-case names (<c>&amp;EACUTE;</c> is "É"), numeric ones through Python's
/// html.unescape when that consumes the ';'. Anything else stays as written.
/// </summary>
public static partial class FtfyHtml
{
    private static readonly Lazy<FrozenDictionary<string, string>> Entities = new(BuildEntities);

    public static string UnescapeHtml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('&', StringComparison.Ordinal) ? Entity().Replace(text, Unescape) : text;
    }

    private static string Unescape(Match match)
    {
        var text = match.Value;
        if (Entities.Value.TryGetValue(text, out var entity))
        {
            return entity;
        }

        if (text.StartsWith("&#", StringComparison.Ordinal))
        {
            var unescaped = PythonHtml.Unescape(text);
            return unescaped.Contains(';', StringComparison.Ordinal) ? text : unescaped;
        }

        return text;
    }

    /// <summary>ftfy's <c>_build_html_entities</c>.</summary>
    private static FrozenDictionary<string, string> BuildEntities()
    {
        var entities = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, text) in PythonHtml.Html5Entities.Where(e => e.Key.EndsWith(';')))
        {
            entities["&" + name] = text;
            if (!name.Any(char.IsAsciiLetterUpper))
            {
                // Names are ASCII, so Python's name.upper() is the invariant one.
                var upper = "&" + name.ToUpperInvariant();
                if (PythonHtml.Unescape(upper) == upper)
                {
                    entities[upper] = PythonUpper(text);
                }
            }
        }

        return entities.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>
    /// Python's str.upper() of an entity's text. It differs from .NET's invariant upper case for these characters of HTML5
    /// entities only: Python uses the full (multi-character) mappings, and .NET's invariant mode leaves 'ı' alone.
    /// </summary>
    private static string PythonUpper(string text) => string.Concat(text.EnumerateRunes().Select(rune => rune.Value switch
    {
        'ß' => "SS",
        'ı' => "I",
        'ŉ' => "\u02BCN",
        'ﬀ' => "FF",
        'ﬁ' => "FI",
        'ﬂ' => "FL",
        'ﬃ' => "FFI",
        'ﬄ' => "FFL",
        _ => System.Text.Rune.ToUpperInvariant(rune).ToString(),
    }));

    [GeneratedRegex("&#?[0-9A-Za-z]{1,24};")]
    private static partial Regex Entity();
}

namespace ImageSearch.Benchmarks.Query;

/// <summary>Varied search texts (short, descriptive, long) built from the demo titles, reproducibly.</summary>
internal static class QueryTexts
{
    public static readonly string[] Adjectives =
    [
        "red", "blue", "green", "small", "large", "old", "vintage", "cartoon", "wooden", "shiny",
        "striped", "spotted", "happy", "sleepy", "toy", "golden", "black and white", "tiny", "giant", "colourful",
    ];

    public static readonly string[] Settings =
    [
        "on a white background", "in the snow", "at night", "on a table", "in a field", "by the sea", "in the city",
        "in a garden", "in the rain", "seen from above", "close up", "in autumn", "in a box", "on the road", "at sunset",
    ];

    private static readonly string[] Templates =
    [
        "{t}", "a {t}", "a photo of a {t}", "{a} {t}", "{t} {s}", "a {a} {t} {s}", "something like a {t}",
        "I need a picture of a {a} {t} {s} for a school presentation", "{c}", "{c} pictures", "{t} or {t2}",
    ];

    public static string[] Generate(IReadOnlyList<(string Title, string Category)> stamps, int count, int seed)
    {
        var random = new Random(seed);
        var queries = new string[count];
        for (var i = 0; i < count; i++)
        {
            var stamp = stamps[random.Next(stamps.Count)];
            queries[i] = Templates[random.Next(Templates.Length)]
                .Replace("{t2}", stamps[random.Next(stamps.Count)].Title, StringComparison.Ordinal)
                .Replace("{t}", stamp.Title, StringComparison.Ordinal)
                .Replace("{a}", Adjectives[random.Next(Adjectives.Length)], StringComparison.Ordinal)
                .Replace("{s}", Settings[random.Next(Settings.Length)], StringComparison.Ordinal)
                .Replace("{c}", stamp.Category, StringComparison.Ordinal);
        }

        return queries;
    }
}

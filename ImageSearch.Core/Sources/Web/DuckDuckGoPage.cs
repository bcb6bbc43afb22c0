using System.Text.Json.Serialization;

namespace ImageSearch.Core.Sources.Web;

/// <summary>The JSON of one i.js page as DuckDuckGo sends it (only the fields used).</summary>
public sealed record DuckDuckGoPage(
    [property: JsonPropertyName("results")] IReadOnlyList<DuckDuckGoPage.Item>? Results,
    [property: JsonPropertyName("next")] string? Next)
{
    public sealed record Item(
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("image")] string? Image,
        [property: JsonPropertyName("thumbnail")] string? Thumbnail,
        [property: JsonPropertyName("url")] string? Url,
        [property: JsonPropertyName("width")] int? Width,
        [property: JsonPropertyName("height")] int? Height,
        [property: JsonPropertyName("source")] string? Source);

    /// <summary>The results whose image URL is absolute; page URLs other than http(s) are dropped, titles cleaned.</summary>
    public IEnumerable<DuckDuckGoResult> Valid()
    {
        foreach (var item in Results ?? [])
        {
            if (!Uri.TryCreate(item.Image, UriKind.Absolute, out var image))
            {
                continue;
            }

            yield return new DuckDuckGoResult(Clean(item.Title), image, HttpOrNull(item.Thumbnail), HttpOrNull(item.Url),
                item.Width ?? 0, item.Height ?? 0, Clean(item.Source));
        }
    }

    private static Uri? HttpOrNull(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    private static string Clean(string? text)
    {
        var clean = new string((text ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length <= 200 ? clean : clean[..200];
    }
}

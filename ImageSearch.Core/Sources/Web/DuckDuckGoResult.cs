namespace ImageSearch.Core.Sources.Web;

/// <summary>One image result of i.js, checked for shape: absolute image URL, http(s) page URL or none, plain short title.</summary>
public sealed record DuckDuckGoResult(string Title, Uri Image, Uri? Thumbnail, Uri? Page, int Width, int Height, string Provider);

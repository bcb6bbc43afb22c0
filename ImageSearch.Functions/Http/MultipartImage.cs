namespace ImageSearch.Functions.Http;

/// <summary>The image file and the text fields of a multipart upload.</summary>
public sealed record MultipartImage(string? FileName, byte[] Content, IReadOnlyDictionary<string, string> Fields)
{
    public string? Field(string name) => Fields.TryGetValue(name, out var value) ? value : null;
}

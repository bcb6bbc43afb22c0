using System.Net.Http.Headers;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>
/// The demo catalog as scripts/import-catalog.sh reads it: every image with a sidecar .txt (first line = description),
/// title from the file name, category and tags from the folders; no symbols/, no mirrored copies. Shared with
/// ImageSearch.Benchmarks (linked file), so it depends on nothing test-specific.
/// </summary>
public sealed partial record DemoStamp(string Path, string Title, string Description, string Category, string Tags)
{
    public static IReadOnlyList<DemoStamp> All(string root, IReadOnlyCollection<string> excluded)
    {
        return System.IO.Directory.EnumerateFiles(root, "*.png", SearchOption.AllDirectories)
            .Select(path => (Path: path, Relative: System.IO.Path.GetRelativePath(root, path).Replace('\\', '/')))
            .Where(x => !x.Relative.StartsWith("symbols/", StringComparison.Ordinal) && !x.Relative.EndsWith("_mirror.png", StringComparison.Ordinal))
            .Where(x => !excluded.Contains(x.Relative))
            .Where(x => File.Exists(System.IO.Path.ChangeExtension(x.Path, ".txt")))
            .OrderBy(x => x.Relative, StringComparer.Ordinal)
            .Select(x =>
            {
                var folders = System.IO.Path.GetDirectoryName(x.Relative)!.Split('/', StringSplitOptions.RemoveEmptyEntries);
                var title = System.IO.Path.GetFileNameWithoutExtension(x.Path).Replace('_', ' ').Replace('-', ' ');
                var description = File.ReadLines(System.IO.Path.ChangeExtension(x.Path, ".txt")).FirstOrDefault()?.Trim() ?? "";
                return new DemoStamp(x.Path, title, description, folders.FirstOrDefault() ?? "", string.Join(',', folders));
            })
            .ToList();
    }

    /// <summary>POST /api/catalog/items for this stamp, as scripts/import-catalog.sh sends it (keys left out when null).</summary>
    public HttpRequestMessage ImportRequest(byte[] image, string? adminKey, string? functionKey)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(Title), "title" },
            { new StringContent(Description), "description" },
            { new StringContent(Tags), "tags" },
            { new StringContent(Category), "category" },
        };
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "image", System.IO.Path.GetFileName(Path));
        return WithKeys(new HttpRequestMessage(HttpMethod.Post, "api/catalog/items") { Content = form }, adminKey, functionKey);
    }

    /// <summary>
    /// POST /api/catalog/batches with these stamps' metadata and the given image bytes, item i as <c>items[i].*</c>, as
    /// scripts/import-catalog.sh sends a batch (keys left out when null).
    /// </summary>
    public static HttpRequestMessage BatchImportRequest(IReadOnlyList<(DemoStamp Stamp, byte[] Image)> items, string? adminKey, string? functionKey)
    {
        var form = new MultipartFormDataContent();
        for (var i = 0; i < items.Count; i++)
        {
            var (stamp, image) = items[i];
            var file = new ByteArrayContent(image);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, $"items[{i}].image", System.IO.Path.GetFileName(stamp.Path));
            form.Add(new StringContent(stamp.Title), $"items[{i}].title");
            form.Add(new StringContent(stamp.Description), $"items[{i}].description");
            form.Add(new StringContent(stamp.Tags), $"items[{i}].tags");
            form.Add(new StringContent(stamp.Category), $"items[{i}].category");
        }

        return WithKeys(new HttpRequestMessage(HttpMethod.Post, "api/catalog/batches") { Content = form }, adminKey, functionKey);
    }

    private static HttpRequestMessage WithKeys(HttpRequestMessage request, string? adminKey, string? functionKey)
    {
        if (adminKey is not null)
        {
            request.Headers.Add("X-Admin-Key", adminKey);
        }

        if (functionKey is not null)
        {
            request.Headers.Add("x-functions-key", functionKey);
        }

        return request;
    }
}

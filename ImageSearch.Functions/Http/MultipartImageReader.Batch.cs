using System.Globalization;
using System.Text.RegularExpressions;
using ImageSearch.Core.Errors;
using Microsoft.Net.Http.Headers;
using HttpRequest = Microsoft.AspNetCore.Http.HttpRequest;

namespace ImageSearch.Functions.Http;

/// <summary>
/// A batch form: parts named <c>items[i].image</c> (a file) and <c>items[i].title</c>, <c>.description</c>, <c>.tags</c>,
/// <c>.category</c> (text), i from 0 to <c>maxImages</c> − 1, in any order. The whole body is streamed once: it stops with
/// 413 as soon as a part names an image beyond <c>maxImages</c> or the images' bytes pass <c>maxTotalBytes</c>. An image
/// over the per-image limit does not stop the batch: its first bytes past the limit are kept, so the importer rejects that
/// image alone (the rest of it is read and dropped, still counted against the batch's bytes).
/// </summary>
public sealed partial class MultipartImageReader
{
    public const string BatchFileField = "image";

    public async Task<IReadOnlyList<(int Index, MultipartImage Image)>> ReadBatchAsync(
        HttpRequest request, int maxImages, long maxTotalBytes, CancellationToken cancellationToken)
    {
        var files = new Dictionary<int, (string? Name, byte[] Bytes)>();
        var fields = new Dictionary<int, Dictionary<string, string>>();
        var total = new long[1];
        // Each index below maxImages has at most 5 distinct parts; the first part past that names an index over the limit or repeats one.
        await ReadPartsAsync(request, "items[i].image files", (maxImages * 5) + 1, async (section, disposition, name) =>
        {
            if (BatchPartName().Match(name) is not { Success: true } match)
            {
                throw new RequestValidationException("malformed-batch",
                    $"Form part \"{name}\" is not one of items[i].image, items[i].title, items[i].description, items[i].tags, items[i].category.");
            }

            var index = int.Parse(match.Groups["index"].Value, CultureInfo.InvariantCulture);
            var field = match.Groups["field"].Value.ToLowerInvariant();
            if (index >= maxImages)
            {
                throw TooManyImages(maxImages);
            }

            var own = fields.TryGetValue(index, out var existing) ? existing : fields[index] = new(StringComparer.Ordinal);
            if ((field == BatchFileField ? files.ContainsKey(index) : own.ContainsKey(field))
                || (field == BatchFileField) != disposition.IsFileDisposition())
            {
                throw new RequestValidationException("malformed-batch", $"Form part \"{name}\" is repeated, or a file where text belongs or the reverse.");
            }

            if (field == BatchFileField)
            {
                files[index] = (HeaderUtilities.RemoveQuotes(disposition.FileName).Value,
                    await ReadImageAsync(section.Body, total, maxTotalBytes, cancellationToken));
            }
            else
            {
                own[field] = await ReadFieldAsync(section, name, cancellationToken);
            }
        }, cancellationToken);

        if (files.Count == 0)
        {
            throw new RequestValidationException("image-missing", "The form has no items[i].image file.");
        }

        if (fields.Keys.Where(i => !files.ContainsKey(i)).Order().Take(1).ToList() is [var orphan])
        {
            throw new RequestValidationException("image-missing", $"The form has fields of items[{orphan}] but no items[{orphan}].image file.");
        }

        return [.. files.OrderBy(f => f.Key).Select(f => (f.Key, new MultipartImage(f.Value.Name, f.Value.Bytes, fields[f.Key])))];
    }

    /// <summary>Keeps at most the per-image limit plus one byte (so the importer can tell it is over), counting every byte against the batch.</summary>
    private async Task<byte[]> ReadImageAsync(Stream body, long[] total, long maxTotalBytes, CancellationToken cancellationToken)
    {
        var keep = limits.Value.MaxBytes + 1;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total[0] += read;
            if (total[0] > maxTotalBytes)
            {
                throw new RequestValidationException("batch-too-large",
                    $"The images of one batch may not exceed {maxTotalBytes / (1024 * 1024)} MiB together; send fewer per request.", ErrorKind.TooLarge);
            }

            if (buffer.Length < keep)
            {
                await buffer.WriteAsync(chunk.AsMemory(0, (int)Math.Min(read, keep - buffer.Length)), cancellationToken);
            }
        }

        return buffer.ToArray();
    }

    private static RequestValidationException TooManyImages(int maxImages) =>
        new RequestValidationException("too-many-images", $"A batch holds at most {maxImages} images (items[0] to items[{maxImages - 1}]).", ErrorKind.TooLarge);

    [GeneratedRegex(@"^items\[(?<index>[0-9]{1,3})\]\.(?<field>image|title|description|tags|category)$", RegexOptions.IgnoreCase)]
    private static partial Regex BatchPartName();
}

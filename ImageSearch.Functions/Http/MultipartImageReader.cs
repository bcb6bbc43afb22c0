using ImageSearch.Core.Errors;
using ImageSearch.Core.Imaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ImageSearch.Functions.Http;

/// <summary>
/// Reads a multipart/form-data upload with one image file and a few short text fields, streaming and bounded: the file may
/// not exceed <see cref="ImageLimitsOptions.MaxBytes"/>, text fields 4 KiB, the form 16 parts. Nothing touches disk.
/// A batch of images (<see cref="ReadBatchAsync"/>) is read under the same per-part limits plus the batch's own.
/// </summary>
public sealed partial class MultipartImageReader(IOptions<ImageLimitsOptions> limits, ImageNormalizer normalizer)
{
    private const int MaxParts = 16;
    private const int MaxFieldBytes = 4096;

    public async Task<MultipartImage> ReadAsync(HttpRequest request, string fileField, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        (string? Name, byte[] Bytes)? file = null;
        await ReadPartsAsync(request, $"an \"{fileField}\" file", MaxParts, async (section, disposition, name) =>
        {
            if (name.Equals(fileField, StringComparison.OrdinalIgnoreCase) && disposition.IsFileDisposition())
            {
                var bytes = await BoundedRead.ReadAllAsync(section.Body, limits.Value.MaxBytes, normalizer.TooLarge, cancellationToken);
                file = (HeaderUtilities.RemoveQuotes(disposition.FileName).Value, bytes);
            }
            else
            {
                fields[name] = await ReadFieldAsync(section, name, cancellationToken);
            }
        }, cancellationToken);

        return file is { } f
            ? new MultipartImage(f.Name, f.Bytes, fields)
            : throw new RequestValidationException("image-missing", $"The form has no \"{fileField}\" file.");
    }

    /// <summary>
    /// Reads every part of a multipart/form-data body, in order, handing each with its parsed disposition and name to
    /// <paramref name="part"/>; at most <paramref name="maxParts"/> parts. A truncated or malformed body is a 400.
    /// </summary>
    private static async Task ReadPartsAsync(
        HttpRequest request, string expected, int maxParts, Func<MultipartSection, ContentDispositionHeaderValue, string, Task> part,
        CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new RequestValidationException("multipart-required", $"Send multipart/form-data with {expected}.", ErrorKind.UnsupportedFormat);
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 8192 };
        try
        {
            for (var parts = 0; await reader.ReadNextSectionAsync(cancellationToken) is { } section; parts++)
            {
                if (parts >= maxParts || !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    throw new RequestValidationException("malformed-multipart", "The form has too many or malformed parts.");
                }

                await part(section, disposition, HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "");
            }
        }
        catch (IOException)
        {
            throw new RequestValidationException("malformed-multipart", "The multipart body is malformed or truncated.");
        }
        catch (InvalidDataException)
        {
            throw new RequestValidationException("malformed-multipart", "The multipart body is malformed.");
        }
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, string name, CancellationToken cancellationToken)
    {
        var bytes = await BoundedRead.ReadAllAsync(section.Body, MaxFieldBytes, () => new RequestValidationException(
            "field-too-long", $"Form field \"{name}\" is longer than {MaxFieldBytes} bytes."), cancellationToken);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }
}

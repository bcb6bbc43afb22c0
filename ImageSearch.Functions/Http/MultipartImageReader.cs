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
/// </summary>
public sealed class MultipartImageReader(IOptions<ImageLimitsOptions> limits, ImageNormalizer normalizer)
{
    private const int MaxParts = 16;
    private const int MaxFieldBytes = 4096;

    public async Task<MultipartImage> ReadAsync(HttpRequest request, string fileField, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            throw new RequestValidationException("multipart-required", $"Send multipart/form-data with an \"{fileField}\" file.", ErrorKind.UnsupportedFormat);
        }

        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 8192 };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        (string? Name, byte[] Bytes)? file = null;
        try
        {
            for (var parts = 0; await reader.ReadNextSectionAsync(cancellationToken) is { } section; parts++)
            {
                if (parts >= MaxParts || !ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    throw new RequestValidationException("malformed-multipart", "The form has too many or malformed parts.");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (name.Equals(fileField, StringComparison.OrdinalIgnoreCase) && disposition.IsFileDisposition())
                {
                    var bytes = await BoundedRead.ReadAllAsync(section.Body, limits.Value.MaxBytes, normalizer.TooLarge, cancellationToken);
                    file = (HeaderUtilities.RemoveQuotes(disposition.FileName).Value, bytes);
                }
                else
                {
                    var bytes = await BoundedRead.ReadAllAsync(section.Body, MaxFieldBytes, () => new RequestValidationException(
                        "field-too-long", $"Form field \"{name}\" is longer than {MaxFieldBytes} bytes."), cancellationToken);
                    fields[name] = System.Text.Encoding.UTF8.GetString(bytes);
                }
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

        return file is { } f
            ? new MultipartImage(f.Name, f.Bytes, fields)
            : throw new RequestValidationException("image-missing", $"The form has no \"{fileField}\" file.");
    }
}

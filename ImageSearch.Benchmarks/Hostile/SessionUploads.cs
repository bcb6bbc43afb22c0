using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Benchmarks.Infrastructure;

namespace ImageSearch.Benchmarks.Hostile;

/// <summary>The HTTP calls the upload benchmarks make: a new session, an upload into it, and the answer in short.</summary>
internal static class SessionUploads
{
    public static async Task<string> SessionAsync(HttpClient client)
    {
        using var created = await client.PostAsync("api/sessions", null);
        return (await created.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
    }

    /// <summary>Uploads <paramref name="bytes"/> as a file of no declared type; the answer as "201" or "413 image-too-complex".</summary>
    public static async Task<string> UploadAsync(HttpClient client, string sessionId, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.SendAsync(SessionCall.Post(sessionId, "/uploads", new MultipartFormDataContent { { file, "image", "file.bin" } }));
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? $"{(int)response.StatusCode}"
            : $"{(int)response.StatusCode} {JsonDocument.Parse(body).RootElement.GetProperty("type").GetString()!.Split('/')[^1]}";
    }
}

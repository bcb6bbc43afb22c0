using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;
using SixLabors.ImageSharp;

namespace ImageSearch.Tests.Api;

[TestClass]
public sealed class DownloadApiTests : ApiTestBase
{
    [TestMethod]
    public async Task EveryResultDownloadsAsANamedJpeg()
    {
        var id = await App.CreateSessionAsync();
        var response = await App.SearchAsync(id, "a vehicle");

        foreach (var result in response.GetProperty("results").EnumerateArray())
        {
            using var download = await Client.GetAsync(result.GetProperty("downloadUrl").GetString()!.TrimStart('/'));
            Assert.AreEqual(HttpStatusCode.OK, download.StatusCode);
            Assert.AreEqual("image/jpeg", download.Content.Headers.ContentType?.MediaType);
            Assert.AreEqual("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
            StringAssert.EndsWith(download.Content.Headers.ContentDisposition?.FileName?.Trim('"'), ".jpg");
            var bytes = await download.Content.ReadAsByteArrayAsync();
            Assert.AreEqual("JPEG", Image.DetectFormat(bytes)?.Name);
            using var image = Image.Load(bytes);
            Assert.IsGreaterThan(0, image.Width);
        }
    }

    [TestMethod]
    public async Task ALinkNamesNoSessionAndATamperedOneIsForbidden()
    {
        var a = await App.CreateSessionAsync();
        var link = (await App.SearchAsync(a, "koala")).GetProperty("results")[0].GetProperty("downloadUrl").GetString()!.TrimStart('/');
        var token = link[(link.LastIndexOf('/') + 1)..];

        StringAssert.StartsWith(link, "api/downloads/");
        Assert.DoesNotContain(a, link, "a shared link hands over one image, never the session");
        var tampered = token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..];
        await AssertProblemAsync(await Client.GetAsync($"api/downloads/{tampered}"), HttpStatusCode.Forbidden, "download-link-invalid");
        await AssertProblemAsync(await Client.GetAsync("api/downloads/garbage"), HttpStatusCode.Forbidden, "download-link-invalid");
        using var ok = await Client.GetAsync(link);
        Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);
    }

    [TestMethod]
    public async Task ALinkToASessionsImageDiesWithTheSession()
    {
        var id = await App.CreateSessionAsync();
        using var uploaded = await App.UploadAsync(id, Synthetic.Png());
        var link = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("downloadUrl").GetString()!.TrimStart('/');
        using (var before = await Client.GetAsync(link))
        {
            Assert.AreEqual(HttpStatusCode.OK, before.StatusCode);
        }

        (await Client.DeleteAsync($"api/sessions/{id}")).EnsureSuccessStatusCode();

        await AssertProblemAsync(await Client.GetAsync(link), HttpStatusCode.NotFound, "image-not-found");
    }

    [TestMethod]
    public async Task LinksAreFreshOnEveryRead()
    {
        var id = await App.CreateSessionAsync();
        await App.SearchAsync(id, "koala");

        var session = await Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");

        var link = session.GetProperty("results")[0].GetProperty("downloadUrl").GetString()!;
        using var download = await Client.GetAsync(link.TrimStart('/'));
        Assert.AreEqual(HttpStatusCode.OK, download.StatusCode);
    }
}

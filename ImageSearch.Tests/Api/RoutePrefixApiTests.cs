using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Core.Catalog;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Tests.Api;

/// <summary>Links are built by the HTTP layer from the host's route prefix: a different prefix moves every link with it.</summary>
[TestClass]
public sealed class RoutePrefixApiTests
{
    [TestMethod]
    public async Task EveryLinkFollowsADifferentRoutePrefix()
    {
        await using var app = await ImageSearchApp.StartAsync("--AzureFunctionsJobHost:extensions:http:routePrefix=v1");
        await ImportAsync(app, DemoStamp.All().Take(3).ToList());
        using var created = await app.Client.PostAsync("v1/sessions", null);
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        var sessionId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Synthetic.Png()), "image", "photo.png" } };
        using var uploaded = await app.Client.PostAsync($"v1/sessions/{sessionId}/uploads", form);
        Assert.AreEqual(HttpStatusCode.Created, uploaded.StatusCode);
        var upload = await uploaded.Content.ReadFromJsonAsync<JsonElement>();

        var text = await (await app.Client.PostAsJsonAsync($"v1/sessions/{sessionId}/search", new { query = "an animal" })).Content.ReadAsStringAsync();
        var results = JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().ToList();

        Assert.HasCount(3, results);
        StringAssert.StartsWith(upload.GetProperty("downloadUrl").GetString(), "/v1/downloads/");
        foreach (var result in results)
        {
            StringAssert.StartsWith(result.GetProperty("imageUrl").GetString(), "/v1/catalog/");
            StringAssert.StartsWith(result.GetProperty("downloadUrl").GetString(), "/v1/downloads/");
            await AssertJpegAsync(app, result.GetProperty("imageUrl").GetString()!);
            await AssertJpegAsync(app, result.GetProperty("downloadUrl").GetString()!);
        }

        await AssertJpegAsync(app, upload.GetProperty("downloadUrl").GetString()!);
        Assert.DoesNotContain("/api/", text, "no link keeps the default prefix");
    }

    /// <summary>Through the app's own importer: the import route is not what this test is about.</summary>
    private static async Task ImportAsync(ImageSearchApp app, IReadOnlyList<DemoStamp> stamps)
    {
        var importer = app.App.Services.GetRequiredService<CatalogImporter>();
        foreach (var stamp in stamps)
        {
            await importer.ImportAsync(
                new CatalogImportInput(await File.ReadAllBytesAsync(stamp.Path), stamp.Title, stamp.Description, stamp.Tags, stamp.Category),
                CancellationToken.None);
        }
    }

    private static async Task AssertJpegAsync(ImageSearchApp app, string path)
    {
        using var response = await app.Client.GetAsync(new Uri(path.TrimStart('/'), UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, path);
        Assert.AreEqual("image/jpeg", response.Content.Headers.ContentType?.MediaType, path);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;

namespace ImageSearch.Tests.Api;

[TestClass]
public sealed class CatalogImportApiTests : ApiTestBase
{
    private static readonly DemoStamp Stamp = new("unused", "test item", "A test item.", "tests", "tests");

    [TestMethod]
    public async Task ImportWithoutFunctionKeyIs401AndTheCatalogIsUnchanged()
    {
        var before = await CatalogSizeAsync();
        using var request = Stamp.ImportRequest(Synthetic.Png(), ImageSearchApp.AdminKey, null);

        using var response = await Client.SendAsync(request);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.AreEqual(before, await CatalogSizeAsync());
    }

    [TestMethod]
    public async Task TheOldImportRouteUnderTheHostsAdminSpaceIsGone()
    {
        using var request = Stamp.ImportRequest(Synthetic.Png(), ImageSearchApp.AdminKey, ImageSearchApp.FunctionKey);
        request.RequestUri = new Uri("api/admin/catalog", UriKind.Relative);

        using var response = await Client.SendAsync(request);

        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
    }

    [TestMethod]
    public async Task ImportWithoutAdminKeyIsForbidden()
    {
        using var request = Stamp.ImportRequest(Synthetic.Png(), null, ImageSearchApp.FunctionKey);
        await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.Forbidden, "admin-key-invalid");
    }

    [TestMethod]
    public async Task ImportWithWrongAdminKeyIsForbidden()
    {
        using var request = Stamp.ImportRequest(Synthetic.Png(), ImageSearchApp.AdminKey + "x", ImageSearchApp.FunctionKey);
        await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.Forbidden, "admin-key-invalid");
    }

    [TestMethod]
    public async Task CorruptImageIsRejectedAndTheCatalogIsUnchanged()
    {
        var before = await CatalogSizeAsync();
        var png = Synthetic.Png();

        using var request = Stamp.ImportRequest(png[..(png.Length / 2)], ImageSearchApp.AdminKey, ImageSearchApp.FunctionKey);
        await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.BadRequest, "corrupt-image");
        using var text = Stamp.ImportRequest("just text"u8.ToArray(), ImageSearchApp.AdminKey, ImageSearchApp.FunctionKey);
        await AssertProblemAsync(await Client.SendAsync(text), HttpStatusCode.UnsupportedMediaType, "unsupported-image-type");

        Assert.AreEqual(before, await CatalogSizeAsync());
    }

    [TestMethod]
    public async Task ImportWithoutTitleIsRejected()
    {
        using var request = (Stamp with { Title = "" }).ImportRequest(Synthetic.Png(), ImageSearchApp.AdminKey, ImageSearchApp.FunctionKey);
        await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.BadRequest, "invalid-title");
    }

    [TestMethod]
    public async Task EveryHostileFileOfTheCorpusIsRefusedAsAnUploadIsAndNothingIsImported()
    {
        var before = await CatalogSizeAsync();
        var answers = new List<string>();
        foreach (var (kind, status, type) in HostileImages.Expected)
        {
            using var request = Stamp.ImportRequest(HostileImages.Of(kind), ImageSearchApp.AdminKey, ImageSearchApp.FunctionKey);
            using var response = await Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            answers.Add($"{kind}: {(int)response.StatusCode}");
            Assert.AreEqual(status, (int)response.StatusCode, $"{kind}: {body}");
            StringAssert.EndsWith(JsonDocument.Parse(body).RootElement.GetProperty("type").GetString(), "/" + type, kind);
        }

        Assert.AreEqual(before, await CatalogSizeAsync(), string.Join(", ", answers));
    }

    [TestMethod]
    public async Task AdminEndpointIsClosedWhenNoKeyIsConfigured()
    {
        await using var app = await ImageSearchApp.StartAsync("--Admin:ApiKey=");
        using var request = Stamp.ImportRequest(Synthetic.Png(), "", ImageSearchApp.FunctionKey);
        await AssertProblemAsync(await app.Client.SendAsync(request), HttpStatusCode.Forbidden, "admin-disabled");
    }

    [TestMethod]
    public async Task OutsideDevelopmentTheSampleAdminKeyOpensNothing()
    {
        // The test run is not "Development" (no AZURE_FUNCTIONS_ENVIRONMENT): as a deployment that kept the sample's key.
        await using var app = await ImageSearchApp.StartAsync($"--Admin:ApiKey={ImageSearch.Core.Admin.AdminOptions.SampleKey}");
        using var request = Stamp.ImportRequest(Synthetic.Png(), ImageSearch.Core.Admin.AdminOptions.SampleKey, ImageSearchApp.FunctionKey);

        await AssertProblemAsync(await app.Client.SendAsync(request), HttpStatusCode.Forbidden, "admin-key-weak");
        Assert.AreEqual(0, (await app.Client.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("catalogSize").GetInt32());
    }

    private async Task<int> CatalogSizeAsync() =>
        (await Client.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("catalogSize").GetInt32();
}

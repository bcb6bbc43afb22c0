using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Tests.Infrastructure;
using ImageSearch.Tests.Models;

namespace ImageSearch.Tests.Api;

[TestClass]
public sealed class CatalogImportApiTests : ApiTestBase
{
    private static readonly DemoStamp Stamp = new("unused", "test item", "A test item.", "tests", "tests");

    [TestMethod]
    public async Task ImportWithoutAdminKeyIsForbidden()
    {
        using var request = ImageSearchApp.ImportRequest(Stamp, Synthetic.Png(), adminKey: null);
        await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.Forbidden, "admin-key-invalid");
    }

    [TestMethod]
    public async Task ImportWithWrongAdminKeyIsForbidden()
    {
        using var request = ImageSearchApp.ImportRequest(Stamp, Synthetic.Png(), adminKey: ImageSearchApp.AdminKey + "x");
        await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.Forbidden, "admin-key-invalid");
    }

    [TestMethod]
    public async Task CorruptImageIsRejectedAndTheCatalogIsUnchanged()
    {
        var before = await CatalogSizeAsync();
        var png = Synthetic.Png();

        using var request = ImageSearchApp.ImportRequest(Stamp, png[..(png.Length / 2)]);
        await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.BadRequest, "corrupt-image");
        using var text = ImageSearchApp.ImportRequest(Stamp, "just text"u8.ToArray());
        await AssertProblemAsync(await Client.SendAsync(text), HttpStatusCode.UnsupportedMediaType, "unsupported-image-type");

        Assert.AreEqual(before, await CatalogSizeAsync());
    }

    [TestMethod]
    public async Task ImportWithoutTitleIsRejected()
    {
        using var request = ImageSearchApp.ImportRequest(Stamp with { Title = "" }, Synthetic.Png());
        await AssertProblemAsync(await Client.SendAsync(request), HttpStatusCode.BadRequest, "invalid-title");
    }

    [TestMethod]
    public async Task AdminEndpointIsClosedWhenNoKeyIsConfigured()
    {
        await using var app = await ImageSearchApp.StartAsync("--Admin:ApiKey=");
        using var request = ImageSearchApp.ImportRequest(Stamp, Synthetic.Png(), adminKey: "");
        await AssertProblemAsync(await app.Client.SendAsync(request), HttpStatusCode.Forbidden, "admin-disabled");
    }

    private async Task<int> CatalogSizeAsync() =>
        (await Client.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("catalogSize").GetInt32();
}

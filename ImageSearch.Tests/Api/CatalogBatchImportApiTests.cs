using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using ImageSearch.Tests.Catalog;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Tests.Api;

/// <summary>
/// POST /api/catalog/batches on an app of its own (empty catalog, Azurite): storage requests are counted by a pipeline
/// policy, and what is stored is read back from the table and the container, not from the app's answer.
/// </summary>
[TestClass]
public sealed class CatalogBatchImportApiTests
{
    public TestContext TestContext { get; set; } = null!;

    /// <summary>Four real photos of different folders; the second without a description, as a folder without sidecars gives.</summary>
    private static IReadOnlyList<DemoStamp> FourStamps() =>
        [.. DemoStamp.All().GroupBy(s => s.Category).Take(4).Select((g, i) => i == 1 ? g.First() with { Description = "" } : g.First())];

    [TestMethod]
    public async Task ABatchImportsItsGoodImagesReportsTheCorruptOneAndBumpsTheVersionOnce()
    {
        var storage = await TestEnvironment.UniqueStorageAsync();
        var versionWrites = new HoldingPolicy(m => IsWrite(m, storage.CatalogTable) && Unescaped(m).Contains("RowKey='version'", StringComparison.Ordinal));
        var rowWrites = new HoldingPolicy(m => IsWrite(m, storage.CatalogTable) && !Unescaped(m).Contains("RowKey='version'", StringComparison.Ordinal));
        var transactions = new HoldingPolicy(m => m.Request.Uri.ToString().EndsWith("/$batch", StringComparison.Ordinal));
        await using var app = await ImageSearchApp.StartAsync(storage, services => services
            .AddSingleton<HttpPipelinePolicy>(versionWrites).AddSingleton<HttpPipelinePolicy>(rowWrites).AddSingleton<HttpPipelinePolicy>(transactions));
        var stamps = FourStamps();
        var png = Synthetic.Png(120, 90);
        List<(DemoStamp, byte[])> items =
        [
            (stamps[0], await File.ReadAllBytesAsync(stamps[0].Path, TestContext.CancellationToken)),
            (stamps[1], await File.ReadAllBytesAsync(stamps[1].Path, TestContext.CancellationToken)),
            (stamps[2] with { Title = "broken picture" }, png[..(png.Length / 2)]),
            (stamps[2], await File.ReadAllBytesAsync(stamps[2].Path, TestContext.CancellationToken)),
            (stamps[3], await File.ReadAllBytesAsync(stamps[3].Path, TestContext.CancellationToken)),
        ];

        using var response = await app.Client.SendAsync(DemoStamp.BatchImportRequest(items, ImageSearchApp.AdminKey, ImageSearchApp.FunctionKey), TestContext.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
        var answer = JsonDocument.Parse(body).RootElement;
        Assert.AreEqual(4, answer.GetProperty("imported").GetInt32(), body);
        Assert.AreEqual(1, answer.GetProperty("rejected").GetInt32(), body);
        var results = answer.GetProperty("items").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 4 }, results.Select(r => r.GetProperty("index").GetInt32()).ToArray());
        CollectionAssert.AreEqual(new[] { "imported", "imported", "rejected", "imported", "imported" }, results.Select(r => r.GetProperty("status").GetString()).ToArray());
        var problem = results[2].GetProperty("problem");
        Assert.AreEqual("https://imagesearch.dev/problems/corrupt-image", problem.GetProperty("type").GetString());
        Assert.AreEqual(400, problem.GetProperty("status").GetInt32());

        Assert.AreEqual(1, versionWrites.Count, "the catalog version is bumped once for the whole batch");
        Assert.AreEqual(0, rowWrites.Count, "no row is written on its own");
        Assert.IsGreaterThanOrEqualTo(1, transactions.Count, "rows go in entity group transactions");

        // Stored: exactly the four good images, each row with its blob; nothing of the corrupt one.
        var ids = new[] { 0, 1, 3, 4 }.Select(i => results[i].GetProperty("item").GetProperty("id").GetString()!).ToList();
        var rows = await RowKeysAsync(app);
        CollectionAssert.AreEquivalent(ids, rows);
        CollectionAssert.AreEquivalent(ids, await ChangeEntryIdsAsync(app), "each stored row has its change entry, the corrupt image none");
        CollectionAssert.AreEquivalent(ids.Select(id => $"items/{id}.jpg").ToList(), await BlobNamesAsync(app));
        Assert.AreEqual(4, (await app.Client.GetFromJsonAsync<JsonElement>("api/health", TestContext.CancellationToken)).GetProperty("catalogSize").GetInt32());

        // Searchable: each photo is the first answer to its own words (the one without a description by its title).
        var session = await app.CreateSessionAsync();
        foreach (var (stamp, id) in new[] { stamps[0], stamps[1], stamps[2], stamps[3] }.Zip(ids))
        {
            var query = stamp.Description.Length > 0 ? stamp.Description : stamp.Title;
            var found = await app.SearchAsync(session, query);
            Assert.AreEqual(id, found.GetProperty("results")[0].GetProperty("id").GetString(), $"\"{query}\"");
        }
    }

    [TestMethod]
    public async Task EveryHostileFileOfTheCorpusIsRejectedAsASingleImportIsAndTheGoodImageOfTheBatchIsImported()
    {
        await using var app = await ImageSearchApp.StartAsync();
        var stamp = FourStamps()[0];
        List<(DemoStamp, byte[])> items = [.. HostileImages.Expected.Select(e => (stamp with { Title = e.Kind }, HostileImages.Of(e.Kind)))];
        items.Add((stamp, await File.ReadAllBytesAsync(stamp.Path, TestContext.CancellationToken)));

        using var response = await app.Client.SendAsync(DemoStamp.BatchImportRequest(items, ImageSearchApp.AdminKey, ImageSearchApp.FunctionKey), TestContext.CancellationToken);

        var body = await response.Content.ReadAsStringAsync(TestContext.CancellationToken);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body);
        var results = JsonDocument.Parse(body).RootElement.GetProperty("items").EnumerateArray().ToList();
        for (var i = 0; i < HostileImages.Expected.Count; i++)
        {
            var (kind, status, type) = HostileImages.Expected[i];
            Assert.AreEqual("rejected", results[i].GetProperty("status").GetString(), kind);
            Assert.AreEqual(status, results[i].GetProperty("problem").GetProperty("status").GetInt32(), kind);
            Assert.AreEqual("https://imagesearch.dev/problems/" + type, results[i].GetProperty("problem").GetProperty("type").GetString(), kind);
        }

        Assert.AreEqual("imported", results[^1].GetProperty("status").GetString(), body);
        Assert.HasCount(1, await RowKeysAsync(app));
        Assert.HasCount(1, await BlobNamesAsync(app));
    }

    [TestMethod]
    public async Task MoreImagesThanMaxBatchImagesIs413AndNothingIsStored()
    {
        await using var app = await ImageSearchApp.StartAsync("--Catalog:MaxBatchImages=2");
        var stamps = FourStamps();
        List<(DemoStamp, byte[])> items = [.. stamps.Take(3).Select(s => (s, File.ReadAllBytes(s.Path)))];

        using var response = await app.Client.SendAsync(DemoStamp.BatchImportRequest(items, ImageSearchApp.AdminKey, ImageSearchApp.FunctionKey), TestContext.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too-many-images");
        Assert.IsEmpty(await RowKeysAsync(app));
        Assert.IsEmpty(await BlobNamesAsync(app));
    }

    [TestMethod]
    public async Task ImagesOverTheBatchByteLimitAre413AndNothingIsStored()
    {
        await using var app = await ImageSearchApp.StartAsync("--Catalog:MaxBatchMegabytes=1");
        var stamp = FourStamps()[0];
        var padded = new byte[700 * 1024];
        (await File.ReadAllBytesAsync(stamp.Path, TestContext.CancellationToken)).CopyTo(padded, 0);
        List<(DemoStamp, byte[])> items = [(stamp, padded), (stamp with { Title = "again" }, padded)];

        using var response = await app.Client.SendAsync(DemoStamp.BatchImportRequest(items, ImageSearchApp.AdminKey, ImageSearchApp.FunctionKey), TestContext.CancellationToken);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "batch-too-large");
        Assert.IsEmpty(await RowKeysAsync(app));
        Assert.IsEmpty(await BlobNamesAsync(app));
    }

    [TestMethod]
    public async Task BatchWithoutFunctionKeyIs401AndWithoutAdminKey403AndNothingIsStored()
    {
        await using var app = await ImageSearchApp.StartAsync();
        var stamp = FourStamps()[0];
        List<(DemoStamp, byte[])> items = [(stamp, await File.ReadAllBytesAsync(stamp.Path, TestContext.CancellationToken))];

        using (var response = await app.Client.SendAsync(DemoStamp.BatchImportRequest(items, ImageSearchApp.AdminKey, null), TestContext.CancellationToken))
        {
            Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var response = await app.Client.SendAsync(DemoStamp.BatchImportRequest(items, null, ImageSearchApp.FunctionKey), TestContext.CancellationToken))
        {
            await AssertProblemAsync(response, HttpStatusCode.Forbidden, "admin-key-invalid");
        }

        Assert.IsEmpty(await RowKeysAsync(app));
        Assert.IsEmpty(await BlobNamesAsync(app));
    }

    [TestMethod]
    public async Task MalformedBatchFormsAre4xxProblems()
    {
        await using var app = await ImageSearchApp.StartAsync();
        var png = Synthetic.Png();

        await AssertProblemAsync(await SendFormAsync(app, ("image", png, "a.png"), ("title", null, "a")), HttpStatusCode.BadRequest, "malformed-batch");
        await AssertProblemAsync(await SendFormAsync(app, ("items[0].title", null, "a")), HttpStatusCode.BadRequest, "image-missing");
        await AssertProblemAsync(await SendFormAsync(app, ("items[0].image", png, "a.png"), ("items[1].title", null, "b")), HttpStatusCode.BadRequest, "image-missing");
        await AssertProblemAsync(await SendFormAsync(app, ("items[0].image", png, "a.png"), ("items[0].image", png, "a.png")), HttpStatusCode.BadRequest, "malformed-batch");
        await AssertProblemAsync(await SendFormAsync(app, ("items[0].title", png, "a.png")), HttpStatusCode.BadRequest, "malformed-batch");
        await AssertProblemAsync(await SendFormAsync(app, ("items[999].image", png, "a.png")), HttpStatusCode.RequestEntityTooLarge, "too-many-images");
        using var json = new HttpRequestMessage(HttpMethod.Post, "api/catalog/batches") { Content = JsonContent.Create(new { items = Array.Empty<int>() }) };
        json.Headers.Add("X-Admin-Key", ImageSearchApp.AdminKey);
        json.Headers.Add("x-functions-key", ImageSearchApp.FunctionKey);
        await AssertProblemAsync(await app.Client.SendAsync(json, TestContext.CancellationToken), HttpStatusCode.UnsupportedMediaType, "multipart-required");

        // A bad title rejects its image alone.
        using var titled = await SendFormAsync(app, ("items[0].image", png, "a.png"), ("items[0].title", null, ""),
            ("items[1].image", Synthetic.Png(96, 72), "b.png"), ("items[1].title", null, "b"));
        var body = await titled.Content.ReadFromJsonAsync<JsonElement>(TestContext.CancellationToken);
        Assert.AreEqual("https://imagesearch.dev/problems/invalid-title", body.GetProperty("items")[0].GetProperty("problem").GetProperty("type").GetString());
        Assert.AreEqual("imported", body.GetProperty("items")[1].GetProperty("status").GetString());
        Assert.HasCount(1, await RowKeysAsync(app));
    }

    private async Task<HttpResponseMessage> SendFormAsync(ImageSearchApp app, params (string Name, byte[]? File, string Value)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, file, value) in parts)
        {
            if (file is null)
            {
                form.Add(new StringContent(value), name);
            }
            else
            {
                form.Add(new ByteArrayContent(file), name, value);
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/catalog/batches") { Content = form };
        request.Headers.Add("X-Admin-Key", ImageSearchApp.AdminKey);
        request.Headers.Add("x-functions-key", ImageSearchApp.FunctionKey);
        return await app.Client.SendAsync(request, TestContext.CancellationToken);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(status, response.StatusCode, body);
            Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, body);
            Assert.AreEqual("https://imagesearch.dev/problems/" + type, JsonDocument.Parse(body).RootElement.GetProperty("type").GetString(), body);
        }
    }

    /// <summary>The catalog table's item row keys (not the version row, not the change entries: <see cref="ChangeEntryIdsAsync"/>).</summary>
    private async Task<List<string>> RowKeysAsync(ImageSearchApp app)
    {
        var keys = new List<string>();
        await foreach (var row in app.Storage.Catalog.QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: TestContext.CancellationToken))
        {
            if (row.RowKey != "version" && !row.RowKey.StartsWith('~'))
            {
                keys.Add(row.RowKey);
            }
        }

        return keys;
    }

    /// <summary>The item ids the catalog table's change entries (row keys <c>~{ticks}-{id}</c>) name.</summary>
    private async Task<List<string>> ChangeEntryIdsAsync(ImageSearchApp app)
    {
        var ids = new List<string>();
        await foreach (var row in app.Storage.Catalog.QueryAsync<TableEntity>(select: ["RowKey"], cancellationToken: TestContext.CancellationToken))
        {
            if (row.RowKey.StartsWith('~'))
            {
                ids.Add(row.RowKey[(row.RowKey.IndexOf('-') + 1)..]);
            }
        }

        return ids;
    }

    private async Task<List<string>> BlobNamesAsync(ImageSearchApp app)
    {
        var names = new List<string>();
        await foreach (var blob in app.Storage.CatalogImages.GetBlobsAsync(cancellationToken: TestContext.CancellationToken))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static string Unescaped(HttpMessage message) => Uri.UnescapeDataString(message.Request.Uri.ToString());

    /// <summary>A write of one entity (insert, replace or merge) to the table named <paramref name="table"/>.</summary>
    private static bool IsWrite(HttpMessage message, string table) =>
        (message.Request.Method == RequestMethod.Put || message.Request.Method == RequestMethod.Patch || message.Request.Method == RequestMethod.Post)
        && Unescaped(message).Contains($"/{table}(PartitionKey=", StringComparison.Ordinal);
}

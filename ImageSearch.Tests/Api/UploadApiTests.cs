using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Core.Imaging;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;

namespace ImageSearch.Tests.Api;

[TestClass]
public sealed class UploadApiTests : ApiTestBase
{
    [TestMethod]
    public async Task UploadIsCaptionedStoredAndDownloadableAsJpeg()
    {
        var id = await App.CreateSessionAsync();

        using var response = await App.UploadAsync(id, await File.ReadAllBytesAsync(DemoStamp.PathOf("food/fruit/apple_fuji.png")), "my apple.png");

        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync());
        var upload = await response.Content.ReadFromJsonAsync<JsonElement>();
        StringAssert.Contains(upload.GetProperty("caption").GetString()!, "apple", StringComparison.OrdinalIgnoreCase);
        StringAssert.StartsWith(upload.GetProperty("captionModel").GetString()!, "nn-caption");
        using var download = await Client.GetAsync(upload.GetProperty("downloadUrl").GetString()!.TrimStart('/'));
        Assert.AreEqual(HttpStatusCode.OK, download.StatusCode);
        Assert.AreEqual("image/jpeg", download.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual("my-apple.jpg", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        using var jpeg = Image.Load(await download.Content.ReadAsByteArrayAsync());
        Assert.AreEqual(upload.GetProperty("width").GetInt32(), jpeg.Width);
        Assert.AreEqual(1, (await SessionAsync(id)).GetProperty("uploadCount").GetInt32());
    }

    [TestMethod]
    public async Task WhileEveryDecodeSlotIsTakenAnUploadIs503DecoderBusyAndNothingIsStored()
    {
        await using var app = await ImageSearchApp.StartAsync("--Images:MaxConcurrentDecodes=1", "--Images:DecodeQueueSeconds=0");
        var id = await app.CreateSessionAsync();
        var png = await File.ReadAllBytesAsync(DemoStamp.All()[0].Path);
        var gate = app.App.Services.GetRequiredService<DecodeGate>();

        using (await gate.EnterAsync(CancellationToken.None)) // another decode holds the only slot
        {
            using var busy = await app.UploadAsync(id, png);
            await AssertProblemAsync(busy, HttpStatusCode.ServiceUnavailable, "decoder-busy");
            Assert.AreEqual("5", busy.Headers.GetValues("Retry-After").Single());
        }

        Assert.AreEqual(0, (await app.Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}")).GetProperty("uploadCount").GetInt32());
        using var uploaded = await app.UploadAsync(id, png);
        Assert.AreEqual(HttpStatusCode.Created, uploaded.StatusCode, "the slot is free again");
    }

    [TestMethod]
    public async Task AnUploadWhoseSessionIsDeletedWhileItRunsIs404AndLeavesNoContainer()
    {
        // The finding: an upload racing a DELETE of its session answered 500 (ContainerNotFound at the blob write) or left
        // a container re-created by its blob write. Here the DELETE lands in that window: after the upload read its session.
        await using var app = await ImageSearchApp.StartAsync(services => services.AddSingleton<ISessionStore>(sp =>
            new DeletedAfterTouch(ActivatorUtilities.CreateInstance<TableSessionStore>(sp))));
        var id = await app.CreateSessionAsync();

        using var uploaded = await app.UploadAsync(id, await File.ReadAllBytesAsync(DemoStamp.All()[1].Path));

        await AssertProblemAsync(uploaded, HttpStatusCode.NotFound, "session-not-found");
        var container = app.Storage.Blobs.GetBlobContainerClient(SessionImages.ContainerOf(id));
        Assert.IsFalse((await container.ExistsAsync()).Value, "no container outlives its session");
    }

    /// <summary>A session store where every session is deleted right after a request has read it (a concurrent DELETE).</summary>
    private sealed class DeletedAfterTouch(ISessionStore inner) : ISessionStore
    {
        public Task<SessionRecord> CreateAsync(CancellationToken cancellationToken) => inner.CreateAsync(cancellationToken);

        public async Task<SessionRecord> TouchAsync(string id, CancellationToken cancellationToken)
        {
            var session = await inner.TouchAsync(id, cancellationToken);
            await inner.DeleteAsync(id, cancellationToken);
            return session;
        }

        public Task<SessionRecord> UpdateAsync(SessionRecord session, SessionState state, CancellationToken cancellationToken) =>
            inner.UpdateAsync(session, state, cancellationToken);

        public Task DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

        public IAsyncEnumerable<IdleSession> ListIdleAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
            inner.ListIdleAsync(cutoff, cancellationToken);

        public Task<IdleDeletion> DeleteIdleAsync(IdleSession session, CancellationToken cancellationToken) =>
            inner.DeleteIdleAsync(session, cancellationToken);

        public Task<bool> ExistsWithKeyPrefixAsync(string keyPrefix, CancellationToken cancellationToken) =>
            inner.ExistsWithKeyPrefixAsync(keyPrefix, cancellationToken);
    }

    [TestMethod]
    public async Task SixthUploadIsRejectedAndTheFiveStay()
    {
        var id = await App.CreateSessionAsync();
        for (var i = 0; i < 5; i++)
        {
            using var ok = await App.UploadAsync(id, Synthetic.Png(40 + i, 30));
            Assert.AreEqual(HttpStatusCode.Created, ok.StatusCode);
        }

        using var sixth = await App.UploadAsync(id, Synthetic.Png(50, 50));

        await AssertProblemAsync(sixth, HttpStatusCode.Conflict, "upload-limit-reached");
        Assert.AreEqual(5, (await SessionAsync(id)).GetProperty("uploadCount").GetInt32());
        Assert.AreEqual(5, await BlobCountAsync(id));
    }

    /// <summary>Each hostile or broken upload: a 4xx problem, no blob, the count unchanged.</summary>
    [TestMethod]
    [DataRow("truncated", HttpStatusCode.BadRequest, "corrupt-image")]
    [DataRow("text", HttpStatusCode.UnsupportedMediaType, "unsupported-image-type")]
    [DataRow("svg", HttpStatusCode.UnsupportedMediaType, "unsupported-image-type")]
    [DataRow("oversized", HttpStatusCode.RequestEntityTooLarge, "image-too-large")]
    [DataRow("png-bomb", HttpStatusCode.RequestEntityTooLarge, "image-too-many-pixels")]
    [DataRow("gif-header-bomb", HttpStatusCode.RequestEntityTooLarge, "image-too-many-pixels")]
    [DataRow("strip-65535x1", HttpStatusCode.RequestEntityTooLarge, "image-side-too-long")]
    [DataRow("empty", HttpStatusCode.UnsupportedMediaType, "unsupported-image-type")]
    [DataRow("jpeg-scan-bomb", HttpStatusCode.RequestEntityTooLarge, "image-too-complex")]
    public async Task BadUploadIsRejectedAndNothingIsStored(string kind, HttpStatusCode status, string type)
    {
        var id = await App.CreateSessionAsync();

        using var response = await App.UploadAsync(id, HostileImages.Of(kind));

        await AssertProblemAsync(response, status, type);
        Assert.AreEqual(0, (await SessionAsync(id)).GetProperty("uploadCount").GetInt32());
        Assert.AreEqual(0, await BlobCountAsync(id));
    }

    /// <summary>Hostile files a careful decoder can read: accepted (first frame only; EXIF dropped), one image stored.</summary>
    [TestMethod]
    [DataRow("webp-frame-bomb")]
    [DataRow("exif-gps-in-sub-ifd")]
    public async Task HostileUploadThatCanBeReadSafelyIsAccepted(string kind)
    {
        Assert.Contains(kind, HostileImages.Accepted);
        var id = await App.CreateSessionAsync();

        using var response = await App.UploadAsync(id, HostileImages.Of(kind));

        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.AreEqual(1, (await SessionAsync(id)).GetProperty("uploadCount").GetInt32());
        Assert.AreEqual(1, await BlobCountAsync(id));
    }

    [TestMethod]
    public async Task UploadThatIsNotMultipartIsUnsupportedMediaType()
    {
        var id = await App.CreateSessionAsync();
        using var content = new ByteArrayContent(Synthetic.Png());
        content.Headers.ContentType = new("image/png");

        await AssertProblemAsync(await Client.PostAsync($"api/sessions/{id}/uploads", content), HttpStatusCode.UnsupportedMediaType, "multipart-required");
    }

    [TestMethod]
    public async Task UploadToUnknownSessionIsNotFound()
    {
        using var response = await App.UploadAsync(SessionId.New(), Synthetic.Png());
        await AssertProblemAsync(response, HttpStatusCode.NotFound, "session-not-found");
    }

    [TestMethod]
    public async Task SessionCannotUseAnotherSessionsUploadAndItsLinkNamesNoSession()
    {
        var a = await App.CreateSessionAsync();
        var b = await App.CreateSessionAsync();
        using var uploaded = await App.UploadAsync(a, Synthetic.Png());
        var upload = await uploaded.Content.ReadFromJsonAsync<JsonElement>();
        var link = upload.GetProperty("downloadUrl").GetString()!;

        await AssertProblemAsync(await Client.PostAsJsonAsync($"api/sessions/{b}/search", new { uploadIds = new[] { upload.GetProperty("id").GetString() } }),
            HttpStatusCode.BadRequest, "unknown-upload");
        Assert.DoesNotContain(a, link, "the upload's link names the image, not the session");
        Assert.AreEqual(0, (await SessionAsync(b)).GetProperty("uploads").GetArrayLength());
    }

    [TestMethod]
    public async Task ResetDeletesTheSessionsImages()
    {
        var id = await App.CreateSessionAsync();
        using var uploaded = await App.UploadAsync(id, Synthetic.Png());
        var link = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("downloadUrl").GetString()!;

        using var reset = await Client.PostAsync($"api/sessions/{id}/reset", null);

        Assert.AreEqual(HttpStatusCode.OK, reset.StatusCode);
        Assert.AreEqual(0, await BlobCountAsync(id));
        Assert.AreEqual(0, (await SessionAsync(id)).GetProperty("uploadCount").GetInt32());
        await AssertProblemAsync(await Client.GetAsync(link.TrimStart('/')), HttpStatusCode.NotFound, "image-not-found");
    }

    private async Task<JsonElement> SessionAsync(string id) => await Client.GetFromJsonAsync<JsonElement>($"api/sessions/{id}");

    private async Task<int> BlobCountAsync(string sessionId)
    {
        var container = App.Storage.Blobs.GetBlobContainerClient(SessionImages.ContainerName(SessionId.StorageKey(sessionId)));
        if (!await container.ExistsAsync())
        {
            return 0;
        }

        var count = 0;
        await foreach (var _ in container.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }
}

using ImageSearch.Core.Downloads;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ImageSearch.Tests.Downloads;

[TestClass]
public sealed class DownloadLinksTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private readonly List<ServiceProvider> _providers = [];

    [TestCleanup]
    public void DisposeProviders() => _providers.ForEach(p => p.Dispose());

    [TestMethod]
    public void GenuineLinkNamesItsBlob()
    {
        var links = Links();
        var ticket = links.Verify(Token(links.Create("s-abc", "uploads/1.jpg", "cat.jpg")));

        Assert.AreEqual(("s-abc", "uploads/1.jpg", "cat.jpg"), (ticket.Container, ticket.Blob, ticket.FileName));
    }

    [TestMethod]
    public void ALinkCarriesNoSessionIdAndNamesItsSessionOnlyByTheContainer()
    {
        var session = SessionId.New();
        var links = Links();

        var token = links.TokenFor(session, DownloadLinks.UploadSource, "u1", "My cat")!;

        Assert.DoesNotContain(session, token);
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0]));
        Assert.DoesNotContain(session, payload, "the ticket names the container (from the id's hash), never the id");
        Assert.AreEqual(SessionImages.ContainerOf(session), links.Verify(token).Container);
    }

    [TestMethod]
    public void LinkExpiresAfterItsLifetime()
    {
        var links = Links();
        var token = Token(links.Create("s-abc", "uploads/1.jpg", "cat.jpg"));

        _clock.Advance(TimeSpan.FromMinutes(14));
        links.Verify(token);
        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.AreEqual("download-link-expired", Assert.ThrowsExactly<ImageSearchException>(() => links.Verify(token)).Code);
    }

    [TestMethod]
    public void LinkSignedWithAnotherKeyIsInvalid()
    {
        var token = Token(Links().Create("s-abc", "uploads/1.jpg", "cat.jpg"));

        var error = Assert.ThrowsExactly<ImageSearchException>(() => Links().Verify(token));

        Assert.AreEqual(("download-link-invalid", ErrorKind.Forbidden), (error.Code, error.Kind));
    }

    [TestMethod]
    public void PayloadRewrittenToAnotherBlobIsInvalid()
    {
        var links = Links();
        var token = Token(links.Create("s-abc", "uploads/1.jpg", "cat.jpg"));
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0]));
        var forged = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload.Replace("uploads/1.jpg", "uploads/2.jpg", StringComparison.Ordinal)));

        Assert.ThrowsExactly<ImageSearchException>(() => links.Verify(forged + "." + parts[1]));
    }

    private DownloadLinks Links()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var provider = TestServices.Build(new Dictionary<string, string?> { ["Downloads:SigningKey"] = key }, replace: s => s.AddSingleton<TimeProvider>(_clock));
        _providers.Add(provider);
        return provider.GetRequiredService<DownloadLinks>();
    }

    private static string Token(string token) => token;
}

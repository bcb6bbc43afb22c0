using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImageSearch.Functions;
using ImageSearch.Functions.Standalone;
using ImageSearch.Tests.Contract;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>
/// The real Functions app in standalone mode on Kestrel (127.0.0.1, port 0) against a private Azurite, exactly as
/// `scripts/run.sh` starts it. <see cref="SharedWithDemoCatalogAsync"/> is one instance per test run with the whole demo
/// catalog imported through the admin endpoint.
/// </summary>
public sealed class ImageSearchApp : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-7f3a-0123456789abcdef";
    public const string FunctionKey = "test-function-key-91c2";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static ImageSearchApp? _shared;

    private ImageSearchApp(WebApplication app)
    {
        App = app;
        BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        // Every response the tests get is checked against the API contract on its way in.
        Client = new HttpClient(new ContractValidatingHandler(new SocketsHttpHandler())) { BaseAddress = BaseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public int CatalogSize { get; private set; }

    /// <summary>The app's own storage clients, to check what it stored.</summary>
    public ImageSearch.Core.Storage.StorageClients Storage => App.Services.GetRequiredService<ImageSearch.Core.Storage.StorageClients>();

    public static Task<ImageSearchApp> StartAsync(params string[] extraArgs) => StartAsync(null, extraArgs);

    /// <summary>Starts an app of its own; <paramref name="configure"/> may replace services (a fake clock) after the app's own.</summary>
    public static async Task<ImageSearchApp> StartAsync(Action<IServiceCollection>? configure, params string[] extraArgs) =>
        await StartAsync(await TestEnvironment.UniqueStorageAsync(), configure, extraArgs);

    /// <summary>Starts an app on the given storage (two apps in turn on one storage: a restart, or a second instance).</summary>
    public static async Task<ImageSearchApp> StartAsync(ImageSearch.Core.Storage.StorageOptions storage, Action<IServiceCollection>? configure, params string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            .. TestStorage.AsArguments(storage),
            $"--Admin:ApiKey={AdminKey}",
            // One client address (127.0.0.1) runs the whole suite: quotas far above it; QuotaApiTests sets small ones.
            "--Quotas:SessionsPerMinutePerClient=60000", "--Quotas:SearchesPerMinutePerClient=60000",
            "--Quotas:SearchesPerMinutePerSession=60000", "--Quotas:UploadsPerMinutePerClient=60000",
            $"--Standalone:FunctionKey={FunctionKey}",
            "--Catalog:RefreshSeconds=1",
            .. extraArgs,
        ];
        return new ImageSearchApp(await StandaloneApp.StartAsync(args, typeof(AppServices).Assembly, (services, configuration) =>
        {
            AppServices.Configure(services, configuration);
            configure?.Invoke(services);
        }));
    }

    public static async Task<ImageSearchApp> SharedWithDemoCatalogAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                var app = await StartAsync();
                app.CatalogSize = await app.ImportAsync(DemoStamp.All());
                _shared = app;
            }

            return _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Imports stamps through POST /api/catalog/items, two at a time as the import script does.</summary>
    public async Task<int> ImportAsync(IReadOnlyList<DemoStamp> stamps)
    {
        await Parallel.ForEachAsync(stamps, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (stamp, ct) =>
        {
            using var response = await Client.SendAsync(stamp.ImportRequest(await File.ReadAllBytesAsync(stamp.Path, ct), AdminKey, FunctionKey), ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Import of {stamp.Path} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });
        var health = await Client.GetFromJsonAsync<JsonElement>("api/health");
        return health.GetProperty("catalogSize").GetInt32();
    }

    public async Task<string> CreateSessionAsync()
    {
        using var response = await Client.PostAsync("api/sessions", null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString()!;
    }

    /// <summary>A search as the page sends it (<see cref="SessionRequest"/>); fails the test unless it answers 2xx.</summary>
    public async Task<JsonElement> SearchAsync(string sessionId, string query, int top = 10)
    {
        using var request = SessionRequest(HttpMethod.Post, sessionId, "/search", JsonContent.Create(new { query, top }));
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.IsTrue(response.IsSuccessStatusCode, $"search: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// A call on a session as the page makes it: <c>current</c> in the path, the id in the <c>Session-Id</c> header (the
    /// only form the bicep template's settings take). Tests that write <c>api/sessions/{id}/…</c> use the first API's form.
    /// </summary>
    public static HttpRequestMessage SessionRequest(HttpMethod method, string sessionId, string operation = "", HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, "api/sessions/current" + operation) { Content = content };
        request.Headers.Add("Session-Id", sessionId);
        return request;
    }

    /// <summary>POSTs JSON and returns the 2xx answer's body (fails the test with the problem text otherwise).</summary>
    public async Task<JsonElement> PostOkAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.IsTrue(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Uploads image bytes to a session as multipart "image", as the page does (<see cref="SessionRequest"/>).</summary>
    public async Task<HttpResponseMessage> UploadAsync(string sessionId, byte[] image, string fileName = "photo.png")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "image", fileName);
        using var request = SessionRequest(HttpMethod.Post, sessionId, "/uploads", form);
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    /// <summary>Stops the shared instance at the end of the run.</summary>
    public static async Task StopSharedAsync()
    {
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
            _shared = null;
        }
    }
}

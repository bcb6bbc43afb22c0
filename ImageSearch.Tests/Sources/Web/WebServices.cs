using ImageSearch.Core.Fetching;
using ImageSearch.Core.Sources.Web;
using ImageSearch.Core.Storage;
using ImageSearch.Tests.Fetching;
using ImageSearch.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Tests.Sources.Web;

/// <summary>
/// The web source as the app registers it (<see cref="Core.ServiceCollectionExtensions.AddImageSearch"/>), with test
/// settings, a <see cref="MapResolver"/>, a log collector and, unless storage is given, an in-memory cache.
/// </summary>
internal sealed class WebServices : IDisposable
{
    private WebServices(ServiceProvider provider, LogCollector logs, MapResolver resolver)
    {
        Provider = provider;
        Logs = logs;
        Resolver = resolver;
    }

    public ServiceProvider Provider { get; }

    public LogCollector Logs { get; }

    public MapResolver Resolver { get; }

    public SafeImageFetcher Fetcher => Provider.GetRequiredService<SafeImageFetcher>();

    public DuckDuckGoImageSource Source => Provider.GetServices<Core.Sources.IImageSource>().OfType<DuckDuckGoImageSource>().Single();

    public DuckDuckGoClient DuckDuckGo => Provider.GetRequiredService<DuckDuckGoClient>();

    /// <param name="settings">Configuration keys such as "WebFetch:TotalTimeoutSeconds".</param>
    /// <param name="allowLoopback">Whether the local test servers (127.0.0.1) may be reached; false is the production default.</param>
    /// <param name="storage">Azurite storage for the real caches; null for an in-memory web image cache.</param>
    /// <param name="time">The clock of the caches (default: the system clock).</param>
    public static WebServices Create(
        Dictionary<string, string?>? settings = null, bool allowLoopback = false, StorageOptions? storage = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?> { ["DuckDuckGo:RetryBaseDelaySeconds"] = "0.01" };
        foreach (var (key, value) in (storage is null ? [] : TestStorage.AsConfiguration(storage)).Concat(settings ?? []))
        {
            values[key] = value;
        }

        var logs = new LogCollector();
        var resolver = new MapResolver();
        var provider = TestServices.Build(values, logs, services =>
        {
            services.AddSingleton<IHostResolver>(resolver);
            if (time is not null)
            {
                services.AddSingleton(time);
            }

            if (storage is null)
            {
                services.AddSingleton<IWebImageCache, MemoryWebImageCache>();
            }

            if (allowLoopback)
            {
                services.PostConfigure<SafeFetchOptions>(o => o.PermitLoopbackForLocalTesting());
            }
        });
        return new WebServices(provider, logs, resolver);
    }

    /// <summary>Log entries of refused fetches.</summary>
    public IReadOnlyList<LogCollector.Entry> Refusals => Logs.Where("Remote image refused");

    /// <summary>Log entries of sockets about to connect (the connect callback logs one before every connect).</summary>
    public IReadOnlyList<LogCollector.Entry> Connects => Logs.Where("Connecting to");

    public void Dispose() => Provider.Dispose();
}

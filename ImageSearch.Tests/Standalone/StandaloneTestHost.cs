using ImageSearch.Functions.Standalone;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Tests.Standalone;

/// <summary>
/// The test assembly's functions, started in standalone mode on real Kestrel at 127.0.0.1 port 0, with a temporary static
/// site and the settings the test functions need.
/// </summary>
internal sealed class StandaloneTestHost : IAsyncDisposable
{
    public const string PageMarker = "standalone test page";
    public const string FunctionKey = "standalone-test-function-key";

    private readonly DirectoryInfo _site;

    private StandaloneTestHost(WebApplication app, TimerProbe probe, DirectoryInfo site)
    {
        App = app;
        Probe = probe;
        _site = site;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public TimerProbe Probe { get; }

    /// <summary>Starts the host with the timer schedule setting on the command line.</summary>
    public static Task<StandaloneTestHost> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(cancellationToken, $"--{TimerTestFunctions.ScheduleSetting}=*/1 * * * * *");

    /// <summary>Starts the host with extra arguments, which must supply the timer schedule setting one way or another.</summary>
    public static async Task<StandaloneTestHost> StartAsync(CancellationToken cancellationToken, params string[] extraArgs)
    {
        var site = Directory.CreateTempSubdirectory("imagesearch-site-");
        await File.WriteAllTextAsync(Path.Combine(site.FullName, "index.html"), $"<!doctype html><p>{PageMarker}</p>", cancellationToken);
        var probe = new TimerProbe();
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Standalone:StaticSiteRoot={site.FullName}",
            $"--Standalone:FunctionKey={FunctionKey}",
            .. extraArgs,
        ];
        var app = await StandaloneApp.StartAsync(args, typeof(StandaloneTestHost).Assembly, (services, _) =>
        {
            services.AddSingleton(probe);
            services.AddScoped<Greeter>();
            services.AddExceptionHandler<TeapotExceptionHandler>();
        }, cancellationToken);
        return new StandaloneTestHost(app, probe, site);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _site.Delete(recursive: true);
    }
}

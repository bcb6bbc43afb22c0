using ImageSearch.Core.Storage;
using ImageSearch.Functions;
using ImageSearch.Functions.Standalone;
using Microsoft.AspNetCore.Builder;

namespace ImageSearch.Benchmarks.Infrastructure;

/// <summary>The real app in standalone mode on Kestrel (127.0.0.1, free port), in this process, as the test fixture starts it.</summary>
internal sealed class BenchApp : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789abcdef-9e1";
    public const string FunctionKey = "bench-function-key";

    private BenchApp(WebApplication app)
    {
        App = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(5) };
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<BenchApp> StartAsync(StorageOptions storage, params string[] extraArgs)
    {
        string[] args =
        [
            "--urls", "http://127.0.0.1:0", $"--Admin:ApiKey={AdminKey}", $"--Standalone:FunctionKey={FunctionKey}", "--Logging:LogLevel:Default=Warning",
            "--Quotas:SessionsPerMinutePerClient=0", "--Quotas:SearchesPerMinutePerClient=0", "--Quotas:SearchesPerMinutePerSession=0",
            "--Quotas:UploadsPerMinutePerClient=0", // a load generator on one address: quotas off
            .. TestStorage.AsArguments(storage), .. extraArgs,
        ];
        return new BenchApp(await StandaloneApp.StartAsync(args, typeof(AppServices).Assembly, AppServices.Configure));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

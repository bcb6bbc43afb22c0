using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// Serves the functions of the build's functions.metadata (<see cref="FunctionsMetadata"/>, what the Functions host
/// indexes) on Kestrel, without the host: HTTP functions as endpoints, timer functions on their schedules, the static site
/// at <c>/</c>. <c>Standalone:FunctionsMetadata</c> names another metadata file (default: the one next to the app). The app's own registrations come in through the same
/// delegate the Functions host build uses.
/// </summary>
/// <remarks>
/// Errors: unhandled exceptions go through ASP.NET Core's exception handler middleware, which asks every registered
/// <c>Microsoft.AspNetCore.Diagnostics.IExceptionHandler</c> (<c>services.AddExceptionHandler&lt;T&gt;()</c>) first and
/// otherwise writes a 500 application/problem+json without exception details. A request no function serves (unknown
/// route, wrong method) gets the host's empty 404.
/// </remarks>
public static partial class StandaloneApp
{
    /// <summary>The Functions host's default local address, used when no <c>--urls</c>, ASPNETCORE_URLS or Standalone:Urls is given.</summary>
    public const string DefaultUrls = "http://127.0.0.1:7071";

    /// <summary>Builds and starts the app. The bound addresses (port 0 resolved) are in <see cref="WebApplication.Urls"/>.</summary>
    public static async Task<WebApplication> StartAsync(
        string[] args,
        Assembly functionsAssembly,
        Action<IServiceCollection, IConfiguration> configureServices,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(functionsAssembly);
        ArgumentNullException.ThrowIfNull(configureServices);

        // The environment as the worker takes it (FunctionsApplication.CreateBuilder reads AZURE_FUNCTIONS_ENVIRONMENT).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = StandaloneMode.WithoutSwitch(args),
            EnvironmentName = Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT") is { Length: > 0 } name ? name : null,
        });
        LocalSettings.AddTo(builder.Configuration, builder.Environment.ContentRootPath);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(builder.Configuration["Standalone:Urls"] ?? DefaultUrls);
        }

        var metadata = builder.Configuration["Standalone:FunctionsMetadata"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, FunctionsMetadata.FileName);
        var functions = FunctionsMetadata.Load(metadata, functionsAssembly);
        builder.Services.AddMvcCore();
        builder.Services.AddProblemDetails();
        builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<TimerScheduler>(sp, functions));
        configureServices(builder.Services, builder.Configuration);
        builder.Services.TryAddSingleton(TimeProvider.System);

        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StandaloneApp).Namespace!);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // A route value the binder cannot convert is the client's error (400), everything else the app's (500).
            StatusCodeSelector = exception => exception is BadHttpRequestException badRequest
                ? badRequest.StatusCode
                : StatusCodes.Status500InternalServerError,
        });
        UseStaticSite(app, logger);
        app.UseRouting();
        // As the host answers a request no function serves (unknown route, or a method the route does not take): an
        // empty 404. ASP.NET Core's own answers (a 405 endpoint, a problem document) never reach a client.
        app.Use((http, next) => http.GetEndpoint()?.Metadata.GetMetadata<FunctionEntry>() is null
            ? NotFound(http)
            : next(http));
        var routePrefix = HostJson.ReadRoutePrefix(app.Configuration, app.Environment.ContentRootPath);
        var keys = new FunctionKeyCheck(app.Configuration[FunctionKeyCheck.SettingName]);
        var http = functions.Where(f => f.Http is not null).ToList();
        app.MapHttpFunctions(http, routePrefix, keys);
        if (!keys.IsConfigured && http.Any(f => f.Http!.AuthLevel != Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous))
        {
            LogNoFunctionKey(logger, FunctionKeyCheck.SettingName);
        }

        await app.StartAsync(cancellationToken);
        LogFunctions(logger, http.Count, routePrefix, functions.Count - http.Count);
        LogListening(logger, [.. app.Urls]);
        return app;
    }

    private static Task NotFound(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    /// <summary>Starts the app and serves until shutdown (Ctrl+C, SIGTERM).</summary>
    public static async Task RunAsync(
        string[] args,
        Assembly functionsAssembly,
        Action<IServiceCollection, IConfiguration> configureServices,
        CancellationToken cancellationToken = default)
    {
        await using var app = await StartAsync(args, functionsAssembly, configureServices, cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
    }

    private static void UseStaticSite(WebApplication app, ILogger logger)
    {
        if (StaticSite.FindRoot(app.Configuration, app.Environment.ContentRootPath) is not { } root)
        {
            LogNoStaticSite(logger, StaticSite.FolderName);
            return;
        }

        var files = new PhysicalFileProvider(root);
        var headers = StaticSite.GlobalHeaders(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // The headers Static Web Apps sends in Azure, from the same staticwebapp.config.json.
            OnPrepareResponse = context =>
            {
                foreach (var (name, value) in headers)
                {
                    context.Context.Response.Headers[name] = value;
                }
            },
        });
        LogStaticSite(logger, root);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ImageSearch standalone listening on {Urls}")]
    private static partial void LogListening(ILogger logger, string[] urls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving {HttpCount} HTTP functions under /{RoutePrefix} and {TimerCount} timer functions")]
    private static partial void LogFunctions(ILogger logger, int httpCount, string routePrefix, int timerCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the static site from {Root}")]
    private static partial void LogStaticSite(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No {Folder} folder found: nothing is served at /")]
    private static partial void LogNoStaticSite(ILogger logger, string folder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No {Setting} set: functions that need a function key answer 401")]
    private static partial void LogNoFunctionKey(ILogger logger, string setting);
}

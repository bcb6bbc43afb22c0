using ImageSearch.Core;
using ImageSearch.Functions.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Functions;

/// <summary>
/// The app's registrations, shared by the Functions host build and standalone mode (and by tests that start the real
/// functions standalone), so they are written once.
/// </summary>
public static class AppServices
{
    public static void Configure(IServiceCollection services, IConfiguration configuration)
    {
        services.AddImageSearch(configuration);
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddSingleton<MultipartImageReader>();
        services.AddSingleton<ApiRoutes>();
        services.AddSingleton<ApiLinks>();
        services.AddSingleton<SessionIdentity>();

        // ASP.NET Core logs every request URL at Information; ours carry session ids, which must never be logged whole.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning));
    }
}

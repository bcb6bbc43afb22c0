using ImageSearch.Functions;
using ImageSearch.Functions.Http;
using ImageSearch.Functions.Standalone;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Not started by the Functions host (no --functions-uri from it): serve the same functions on Kestrel, see Standalone/.
if (StandaloneMode.IsRequested(args))
{
    await StandaloneApp.RunAsync(args, typeof(AppServices).Assembly, AppServices.Configure);
    return;
}

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<ApiHeadersMiddleware>();
builder.UseMiddleware<ExceptionMiddleware>();
AppServices.Configure(builder.Services, builder.Configuration);
await builder.Build().RunAsync();

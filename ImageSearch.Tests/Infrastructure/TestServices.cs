using ImageSearch.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>
/// The app's own registrations (<see cref="Core.ServiceCollectionExtensions.AddImageSearch"/>) with test settings and every log
/// entry collected; <c>replace</c> registers test doubles after them (the last registration wins). Nothing starts: hosted
/// services run only when a test starts them, and storage is contacted only by what a test resolves and uses.
/// </summary>
internal static class TestServices
{
    public static ServiceProvider Build(
        IReadOnlyDictionary<string, string?>? settings = null, LogCollector? logs = null, Action<IServiceCollection>? replace = null,
        bool validateOnBuild = false)
    {
        var values = new Dictionary<string, string?> { ["Storage:ConnectionString"] = "UseDevelopmentStorage=true" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs ?? new LogCollector()));
        services.AddImageSearch(configuration);
        replace?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = validateOnBuild, ValidateScopes = true });
    }
}

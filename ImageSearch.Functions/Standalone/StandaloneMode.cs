using Microsoft.Extensions.Configuration;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// Decides whether the process was started by the Azure Functions host or should serve the functions itself.
/// </summary>
/// <remarks>
/// The host starts the worker with <c>--functions-uri http://127.0.0.1:{port}/ --functions-worker-id … --functions-request-id …
/// --functions-grpc-max-message-length …</c> (plus the legacy <c>--host --port --workerId --requestId --grpcMaxMessageLength</c>),
/// which the worker maps to <c>Functions:Worker:HostEndpoint</c> etc. (Microsoft.Azure.Functions.Worker 2.52, the same keys
/// the gRPC client requires). The Flex/placeholder native host loads the app in-process instead and marks it with the
/// AppContext switch <c>AZURE_FUNCTIONS_NATIVE_HOST</c>. Anything else runs standalone. Force either way with
/// <c>--standalone</c> or <c>Standalone:Enabled=true|false</c> (command line or environment).
/// </remarks>
public static class StandaloneMode
{
    public const string Switch = "--standalone";

    // The worker's own switch mappings, so "--functions-uri" here means what it means to the worker.
    private static readonly Dictionary<string, string> WorkerSwitchMappings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--functions-uri"] = "Functions:Worker:HostEndpoint",
        ["--functions-worker-id"] = "Functions:Worker:WorkerId",
        ["--functions-request-id"] = "Functions:Worker:RequestId",
        ["--functions-grpc-max-message-length"] = "Functions:Worker:GrpcMaxMessageLength",
    };

    public static bool IsRequested(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Contains(Switch, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddEnvironmentVariables("AZURE_FUNCTIONS_")
            .AddCommandLine(args, WorkerSwitchMappings)
            .Build();
        if (bool.TryParse(configuration["Standalone:Enabled"], out var forced))
        {
            return forced;
        }

        return !IsStartedByFunctionsHost(configuration);
    }

    public static bool IsStartedByFunctionsHost(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return AppContext.GetData("AZURE_FUNCTIONS_NATIVE_HOST") is not null
            || !string.IsNullOrEmpty(configuration["Functions:Worker:HostEndpoint"])
            || !string.IsNullOrEmpty(configuration["Functions:Worker:WorkerId"])
            || !string.IsNullOrEmpty(configuration["workerId"]);
    }

    /// <summary>The arguments without <c>--standalone</c>, which is a flag and would otherwise swallow the next argument.</summary>
    public static string[] WithoutSwitch(string[] args) =>
        [.. args.Where(arg => !string.Equals(arg, Switch, StringComparison.OrdinalIgnoreCase))];
}

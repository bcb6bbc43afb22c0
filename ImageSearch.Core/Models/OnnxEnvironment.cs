using Microsoft.ML.OnnxRuntime;

namespace ImageSearch.Core.Models;

/// <summary>
/// The process-wide ONNX Runtime environment, configured once before the first session: its built-in telemetry
/// (on by default; a process that opened a session was seen looking up mobile.events.data.microsoft.com) is switched off, so the service sends
/// nothing anywhere on a model's behalf. Every session is opened through <see cref="OnnxSessions"/>, which calls
/// <see cref="EnsureConfigured"/> first.
/// </summary>
public static class OnnxEnvironment
{
    private static readonly Lazy<string> Configured = new(Configure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True once telemetry events have been switched off for this process.</summary>
    public static bool TelemetryDisabled => Configured.IsValueCreated;

    /// <summary>Configures the environment on first call; returns the ONNX Runtime version.</summary>
    public static string EnsureConfigured() => Configured.Value;

    private static string Configure()
    {
        var environment = OrtEnv.Instance();
        environment.DisableTelemetryEvents();
        return environment.GetVersionString();
    }
}

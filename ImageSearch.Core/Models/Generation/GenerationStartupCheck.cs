using ImageSearch.Core.Captioning;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Refinement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// At start, in the background (the host does not wait for it): loads the captioners and query refiners by asking for
/// their status, then logs one line per model (a warning with the reason for each one that cannot be used) and the one
/// each stage will use. Nothing here can stop the host: a missing or corrupt model is a status, not a crash.
/// </summary>
public sealed partial class GenerationStartupCheck(
    CaptionerSelector captioners, RefinerSelector refiners, ILogger<GenerationStartupCheck> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(Check, stoppingToken);

    private void Check()
    {
        try
        {
            Report("Captioning", captioners.All.Select(c => (c.Name, c.Status)).ToList());
            Report("Query refinement", refiners.All.Select(r => (r.Name, r.Status)).ToList());
        }
        catch (Exception e)
        {
            // Status never throws for a missing or corrupt model; anything else is a bug, reported and survived.
            LogCheckFailed(e);
        }
    }

    private void Report(string stage, List<(string Name, ModelStatus Status)> models)
    {
        foreach (var (name, status) in models)
        {
            if (status.IsAvailable)
            {
                LogAvailable(stage, name, status.Detail);
            }
            else
            {
                LogUnavailable(stage, name, status.Detail);
            }
        }

        LogActive(stage, models.FirstOrDefault(m => m.Status.IsAvailable).Name ?? "none");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Stage}: model {Name} is available: {Detail}")]
    private partial void LogAvailable(string stage, string name, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Stage}: model {Name} is unavailable: {Reason}")]
    private partial void LogUnavailable(string stage, string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Stage} uses {Name}")]
    private partial void LogActive(string stage, string name);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checking the generation models at start failed")]
    private partial void LogCheckFailed(Exception exception);
}

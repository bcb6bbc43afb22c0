using System.Diagnostics;
using ImageSearch.Core.Captioning;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Refinement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Core.Health;

/// <summary>
/// Right after start, in the background (the host does not wait for it): loads every model of every stage — ranking tiers
/// (and runs each available one once, so the first search pays for no loading), captioners, query refiners — and logs
/// one line per model (a warning with the reason for each one that cannot be used) and the one each stage will use.
/// Nothing here can stop the host: a missing or corrupt model is a status, not a crash.
/// </summary>
public sealed partial class ModelWarmup(
    RankingTierSelector tiers, CaptionerSelector captioners, RefinerSelector refiners, ILogger<ModelWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            LogOnnxRuntime(OnnxEnvironment.EnsureConfigured());
            // Which tier ranks also depends on the catalog's coverage (RankingTierSelector.ActiveFor), so no "uses" line here.
            Report("Ranking", tiers.All.Select(t => (t.Name, t.Status)).ToList(), logActive: false);
            foreach (var tier in tiers.Available)
            {
                await WarmAsync(tier, stoppingToken);
            }

            Report("Captioning", captioners.All.Select(c => (c.Name, c.Status)).ToList());
            Report("Query refinement", refiners.All.Select(r => (r.Name, r.Status)).ToList());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Status never throws for a missing or corrupt model; anything else is a bug, reported and survived.
            LogCheckFailed(e);
        }
    }

    private async Task WarmAsync(IRankingTier tier, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await tier.EmbedQueryAsync("warm up", cancellationToken);
        using var probe = new Image<Rgb24>(32, 32);
        await tier.EmbedImageAsync(probe, cancellationToken);
        LogWarm(tier.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private void Report(string stage, List<(string Name, ModelStatus Status)> models, bool logActive = true)
    {
        foreach (var (name, status) in models)
        {
            if (status.IsAvailable)
            {
                LogAvailable(stage, name, status.Detail);
            }
            else
            {
                LogUnavailable(stage, name, status.Diagnostic is null ? status.Detail : $"{status.Detail}: {status.Diagnostic}");
            }
        }

        if (logActive)
        {
            LogActive(stage, models.FirstOrDefault(m => m.Status.IsAvailable).Name ?? "none");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Stage}: model {Name} is available: {Detail}")]
    private partial void LogAvailable(string stage, string name, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Stage}: model {Name} is unavailable: {Reason}")]
    private partial void LogUnavailable(string stage, string name, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Stage} uses {Name}")]
    private partial void LogActive(string stage, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tier {Tier} loaded and warm in {ElapsedMs} ms")]
    private partial void LogWarm(string tier, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "ONNX Runtime {Version}: telemetry events disabled")]
    private partial void LogOnnxRuntime(string version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Loading the models at start failed")]
    private partial void LogCheckFailed(Exception exception);
}

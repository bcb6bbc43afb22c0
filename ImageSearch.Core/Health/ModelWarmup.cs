using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// Loads every tier's models in the background right after start (and logs why a tier is unavailable), so the first
/// search does not pay for model loading and a broken model shows up in the log and in /api/health at once.
/// </summary>
public sealed partial class ModelWarmup(RankingTierSelector tiers, ILogger<ModelWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        foreach (var tier in tiers.All)
        {
            var started = Stopwatch.GetTimestamp();
            if (!tier.Status.IsAvailable)
            {
                continue; // the tier logged its reason
            }

            await tier.EmbedQueryAsync("warm up", stoppingToken);
            using var probe = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(32, 32);
            await tier.EmbedImageAsync(probe, stoppingToken);
            LogWarm(tier.Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tier {Tier} loaded and warm in {ElapsedMs} ms")]
    private partial void LogWarm(string tier, double elapsedMs);
}

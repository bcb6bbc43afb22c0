using Azure;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Models;

/// <summary>
/// At start, before any model loads, copies the model container to local disk: only files that are missing or differ
/// in size, each through a ".part" file renamed when complete, never outside the target folder. A failure is logged and
/// leaves the tier unavailable (health says why); it never stops the app.
/// </summary>
public sealed partial class ModelSync(StorageClients storage, IOptions<ModelSyncOptions> options, ILogger<ModelSync> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.BlobContainer))
        {
            return;
        }

        try
        {
            var copied = await SyncAsync(settings.BlobContainer, settings.EffectiveLocalDirectory, cancellationToken);
            LogSynced(copied, settings.BlobContainer, settings.EffectiveLocalDirectory);
        }
        catch (Exception e) when (e is RequestFailedException or IOException or UnauthorizedAccessException or AggregateException)
        {
            LogFailed(e, settings.BlobContainer);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Copies what is missing or changed; returns how many files were copied.</summary>
    public async Task<int> SyncAsync(string containerName, string localDirectory, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(localDirectory) + Path.DirectorySeparatorChar;
        var container = storage.Blobs.GetBlobContainerClient(containerName);
        var copied = 0;
        await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            var target = Path.GetFullPath(Path.Combine(root, blob.Name));
            if (!target.StartsWith(root, StringComparison.Ordinal))
            {
                LogRefused(blob.Name);
                continue;
            }

            if (File.Exists(target) && new FileInfo(target).Length == blob.Properties.ContentLength)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var part = target + ".part";
            await container.GetBlobClient(blob.Name).DownloadToAsync(part, cancellationToken);
            File.Move(part, target, overwrite: true);
            copied++;
        }

        return copied;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied {Count} model files from container {Container} to {Directory}")]
    private partial void LogSynced(int count, string container, string directory);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not copy the model files from container {Container}; the tiers that need them stay unavailable")]
    private partial void LogFailed(Exception exception, string container);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused model blob {BlobName}: it would land outside the model folder")]
    private partial void LogRefused(string blobName);
}

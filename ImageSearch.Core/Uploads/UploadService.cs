using System.Diagnostics;
using Azure;
using ImageSearch.Core.Captioning;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Imaging;
using ImageSearch.Core.Ranking;
using ImageSearch.Core.Sessions;
using ImageSearch.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Uploads;

/// <summary>
/// Adds an image to a session: limit check → bounded, hostile-input-safe decode (<see cref="ImageNormalizer"/>) →
/// embeddings (cached by content) → caption → clean JPEG into the session's container → session row (ETag). A rejected
/// image stores nothing; if the row update fails the blob is removed again, so the count never drifts.
/// </summary>
public sealed partial class UploadService(
    ISessionStore sessions,
    SessionImages images,
    ImageNormalizer normalizer,
    DecodeGate decodeGate,
    RankingTierSelector tiers,
    ImageEmbeddings embeddings,
    CaptionerSelector captioners,
    IOptions<UploadOptions> options,
    ILogger<UploadService> logger)
{
    public async Task<SessionUpload> UploadAsync(string sessionId, string? fileName, byte[] content, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var session = await sessions.TouchAsync(sessionId, cancellationToken);
        EnsureRoom(session.State);

        using var slot = await decodeGate.EnterAsync(cancellationToken); // held while the pixels live (embed, caption)
        using var decoded = await normalizer.NormalizeAsync(content, cancellationToken);
        var known = new List<Embedding>();
        foreach (var tier in tiers.Available)
        {
            known.Add(await embeddings.GetOrComputeAsync(tier.Images, decoded.ContentHash, decoded.Pixels, cancellationToken));
        }

        var caption = await captioners.Active.CaptionAsync(decoded.Pixels, known, cancellationToken);

        var upload = new SessionUpload(
            Guid.NewGuid().ToString("N")[..16], SafeFileName(fileName), decoded.Width, decoded.Height, decoded.ContentHash, caption.Text, caption.ModelId);
        try
        {
            await images.SaveUploadAsync(sessionId, upload.Id, decoded.Jpeg, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409)
        {
            // The session was deleted while this upload ran (its container is gone or being deleted): as for any other
            // request to a deleted session, 404; a container the write re-created goes with it.
            await images.DeleteContainerAsync(SessionId.StorageKey(sessionId), CancellationToken.None);
            throw new SessionNotFoundException();
        }

        try
        {
            await sessions.UpdateAsync(session, session.State with { Uploads = [.. session.State.Uploads, upload] }, cancellationToken);
            LogUploaded(SessionId.LogTag(sessionId), decoded.Width, decoded.Height, decoded.SourceFormat, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return upload;
        }
        catch (SessionNotFoundException)
        {
            // Deleted between the blob write and the row update: nothing of the upload may outlive the session.
            await images.DeleteContainerAsync(SessionId.StorageKey(sessionId), CancellationToken.None);
            throw;
        }
        catch
        {
            await images.DeleteUploadAsync(sessionId, upload.Id, CancellationToken.None);
            throw;
        }
    }

    private void EnsureRoom(SessionState state)
    {
        if (state.UploadCount >= options.Value.MaxPerSession)
        {
            throw new ImageSearchException("upload-limit-reached", ErrorKind.Conflict, "Too many uploads",
                $"A session holds at most {options.Value.MaxPerSession} images. Reset the session to upload more.");
        }
    }

    private static string SafeFileName(string? name)
    {
        var baseName = Path.GetFileNameWithoutExtension(name ?? "");
        var clean = new string(baseName.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ').Take(60).ToArray()).Trim();
        return (clean.Length == 0 ? "upload" : clean) + ".jpg";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionTag} uploaded a {Width}x{Height} {Format} image in {ElapsedMs} ms")]
    private partial void LogUploaded(string sessionTag, int width, int height, string format, double elapsedMs);
}

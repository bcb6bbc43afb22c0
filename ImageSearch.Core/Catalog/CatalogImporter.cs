using System.Diagnostics;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Errors;
using ImageSearch.Core.Imaging;
using ImageSearch.Core.Ranking;
using Microsoft.Extensions.Logging;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// Imports images into the catalog, one or a batch (a single import is a batch of one). Each image's metadata is
/// validated, the image decoded under the upload limits and a shared <see cref="DecodeGate"/> slot, flattened onto white,
/// re-encoded as a clean JPEG and embedded with every available tier (once, here — never per query), through an
/// <see cref="EmbeddingPipeline"/> on the <see cref="BackgroundWorkScheduler"/>'s threads: image k+1 is decoded while image k is in the models. Then the batch is stored at once
/// (images, rows in table transactions, one version bump) and applied to this instance's index once.
/// The item id is derived from the JPEG's content hash, so importing the same image again updates it in place.
/// </summary>
/// <remarks>
/// A rejected image (bad metadata, not an image, corrupt, too many pixels) is reported in its outcome and nothing of it is
/// stored; the others go on. Failures of the instance or of storage (decoder busy, storage outage) fail the whole call
/// before any row is written.
/// </remarks>
public sealed partial class CatalogImporter(
    ImageNormalizer normalizer,
    DecodeGate decodeGate,
    RankingTierSelector tiers,
    CatalogStore store,
    CatalogIndexProvider index,
    BackgroundWorkScheduler background,
    TimeProvider clock,
    ILogger<CatalogImporter> logger)
{
    /// <summary>
    /// One decoding worker and one inference call at a time (the sessions use the instance's intra-op threads), two
    /// images ahead, on the instance's background threads: never on the thread pool that serves searches.
    /// </summary>
    private readonly EmbeddingPipelineOptions _pipeline = new(PrepareWorkers: 1, Capacity: 2, InferenceWorkers: 1, background);

    /// <summary>Imports one image; a rejection is thrown (the HTTP layer maps it to its problem answer).</summary>
    public async Task<CatalogItem> ImportAsync(CatalogImportInput input, CancellationToken cancellationToken)
    {
        var outcome = (await ImportAsync([input], cancellationToken))[0];
        return outcome.Item ?? throw outcome.Rejection!;
    }

    /// <summary>Imports a batch; one outcome per input, in input order.</summary>
    public async Task<IReadOnlyList<CatalogImportOutcome>> ImportAsync(IReadOnlyList<CatalogImportInput> inputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var started = Stopwatch.GetTimestamp();
        var now = clock.GetUtcNow();
        var embedded = new List<Embedded>(inputs.Count);
        await foreach (var result in EmbeddingPipeline.RunAsync(inputs, PrepareAsync, EmbedAsync, _pipeline, cancellationToken))
        {
            embedded.Add(result);
        }

        // The same picture twice in one batch is one item (one row: a transaction takes each row once).
        var items = embedded.Where(e => e.Rejection is null)
            .Select(e => (Item: e.ToItem(now), Jpeg: e.Jpeg!))
            .GroupBy(e => e.Item.Id, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        var writes = await store.SaveAllAsync(items, cancellationToken);
        await index.ApplyAsync([.. items.Select((e, i) => new CatalogRow(e.Item, e.Item.ImportedAt, writes[i].ETag, writes[i].ChangeKey))], cancellationToken);

        var stored = items.ToDictionary(i => i.Item.Id, i => i.Item, StringComparer.Ordinal);
        var outcomes = embedded.Select(e => e.Rejection is { } rejection
            ? CatalogImportOutcome.Rejected(rejection)
            : CatalogImportOutcome.Imported(stored[e.Id])).ToList();
        LogImported(items.Count, outcomes.Count(o => o.Rejection is not null), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return outcomes;
    }

    /// <summary>Validates and decodes one image under a decode slot, held until its pixels are disposed after embedding.</summary>
    private async Task<Prepared> PrepareAsync(CatalogImportInput input, CancellationToken cancellationToken)
    {
        CatalogMetadata metadata;
        try
        {
            metadata = CatalogMetadata.Create(input.Title, input.Description, input.Tags, input.Category);
        }
        catch (RequestValidationException e)
        {
            return Prepared.Rejected(e);
        }

        var slot = await decodeGate.EnterAsync(cancellationToken); // decoder-busy fails the whole import
        try
        {
            return new Prepared(metadata, await normalizer.NormalizeAsync(input.Image, cancellationToken), slot, null);
        }
        catch (ImageRejectedException e)
        {
            slot.Dispose();
            LogRejected(e.Code);
            return Prepared.Rejected(e);
        }
        catch
        {
            slot.Dispose();
            throw;
        }
    }

    private async Task<Embedded> EmbedAsync(Prepared prepared, CancellationToken cancellationToken)
    {
        if (prepared is not { Image: { } image, Metadata: { } metadata })
        {
            return new Embedded(null, "", null, 0, 0, null, prepared.Rejection);
        }

        var text = CatalogItem.IndexText(metadata.Title, metadata.Description, metadata.Tags);
        var embeddings = new List<Embedding>();
        foreach (var tier in tiers.Available)
        {
            embeddings.AddRange(await tier.EmbedItemAsync(text, image.Pixels, cancellationToken));
        }

        return new Embedded(metadata, image.ContentHash[..24], image.Jpeg, image.Width, image.Height, embeddings, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Imported} catalog items ({Rejected} rejected) in {ElapsedMs} ms")]
    private partial void LogImported(int imported, int rejected, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rejected a catalog image: {Code}")]
    private partial void LogRejected(string code);

    /// <summary>A decoded image with its metadata and decode slot, or a rejection; the pipeline disposes it after embedding.</summary>
    private sealed record Prepared(CatalogMetadata? Metadata, DecodedImage? Image, IDisposable? Slot, ImageSearchException? Rejection) : IDisposable
    {
        public static Prepared Rejected(ImageSearchException rejection) => new(null, null, null, rejection);

        public void Dispose()
        {
            Image?.Dispose();
            Slot?.Dispose();
        }
    }

    /// <summary>What an image gives once embedded (its pixels are gone by then: the JPEG, size and id are kept), or its rejection.</summary>
    private sealed record Embedded(
        CatalogMetadata? Metadata, string Id, byte[]? Jpeg, int Width, int Height, IReadOnlyList<Embedding>? Embeddings, ImageSearchException? Rejection)
    {
        public CatalogItem ToItem(DateTimeOffset importedAt) => new(
            Id, Metadata!.Title, Metadata.Description, Metadata.Tags, Metadata.Category, Width, Height, importedAt, Embeddings!);
    }
}

using ImageSearch.Core.Embeddings;
using Microsoft.Extensions.Caching.Memory;

namespace ImageSearch.Core.Ranking;

/// <summary>
/// Query texts and negative terms embedded once per model and text (Microsoft.Extensions.Caching.Memory, bounded by a
/// count of entries; least recently used go first when it is full). A refinement chain re-composes its query from every
/// step on each refine, undo and re-ranking: without the cache 20 steps of 12 terms meant 240 model runs per request.
/// Texts still missing are embedded in one batch.
/// </summary>
public sealed class QueryEmbeddingCache(int capacity) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, capacity) });
    private readonly bool _enabled = capacity > 0;

    /// <summary>The embeddings of <paramref name="texts"/> by <paramref name="embedder"/>, in order.</summary>
    public async Task<IReadOnlyList<Embedding>> EmbedAsync(ITextEmbedder embedder, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var model = embedder.Model.Id;
        var found = new Embedding?[texts.Count];
        var missing = new List<int>();
        for (var i = 0; i < texts.Count; i++)
        {
            if (_enabled && _cache.TryGetValue((model, texts[i]), out Embedding? cached))
            {
                found[i] = cached;
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            var computed = await embedder.EmbedAsync([.. missing.Select(i => texts[i])], cancellationToken);
            for (var j = 0; j < missing.Count; j++)
            {
                found[missing[j]] = computed[j];
                if (_enabled)
                {
                    _cache.Set((model, texts[missing[j]]), computed[j], new MemoryCacheEntryOptions { Size = 1 });
                }
            }
        }

        return [.. found.Select(e => e!)];
    }

    public void Dispose() => _cache.Dispose();
}

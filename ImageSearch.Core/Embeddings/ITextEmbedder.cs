namespace ImageSearch.Core.Embeddings;

/// <summary>Turns texts into L2-normalised embeddings.</summary>
public interface ITextEmbedder
{
    ModelInfo Model { get; }

    Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}

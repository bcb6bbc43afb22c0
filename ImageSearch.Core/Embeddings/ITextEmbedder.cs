namespace ImageSearch.Core.Embeddings;

/// <summary>Turns texts into L2-normalised embeddings of one model.</summary>
public interface ITextEmbedder
{
    ModelInfo Model { get; }

    /// <summary>Whether the model is there and loads (asking may load it); never throws.</summary>
    ModelStatus Status { get; }

    Task<IReadOnlyList<Embedding>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}

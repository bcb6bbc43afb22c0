namespace ImageSearch.Core.Models.Generation;

/// <summary>Greedy search for one beam, beam search for more.</summary>
public static class TextGeneration
{
    public static GenerationResult Run(
        ILogitsSource model, IReadOnlyList<int> prompt, GenerationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.NumBeams == 1
            ? GreedySearch.Run(model, prompt, options, cancellationToken)
            : BeamSearch.Run(model, prompt, options, cancellationToken);
    }
}

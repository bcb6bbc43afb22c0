using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// Text-to-image scores as CLIP computes them: cosine of the unit vectors times the learned temperature
/// (<c>logit_scale.exp()</c>, which is 100 for ViT-B/32: the trained value hit CLIP's clamp), optionally a softmax over
/// the images, which turns the logits into "which of these images does the text describe" probabilities.
/// </summary>
public sealed class ClipScorer
{
    public const float LogitScale = 100f;

    /// <summary>One logit per image: 100 x cosine(text, image).</summary>
    public float[] Logits(Embedding text, IReadOnlyList<Embedding> images)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(images);
        var logits = new float[images.Count];
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            if (image.ModelId != text.ModelId || image.Dimensions != text.Dimensions)
            {
                throw new ArgumentException(
                    $"Image {i} was embedded by {image.ModelId} ({image.Dimensions} dims), the text by {text.ModelId} ({text.Dimensions} dims); they cannot be compared.",
                    nameof(images));
            }

            logits[i] = LogitScale * VectorMath.Cosine(text.Vector, image.Vector);
        }

        return logits;
    }

    /// <summary>Softmax over the images (CLIP's <c>logits_per_text.softmax(dim=-1)</c>), stable for large logits.</summary>
    public static float[] Softmax(ReadOnlySpan<float> logits)
    {
        var probabilities = new float[logits.Length];
        if (logits.IsEmpty)
        {
            return probabilities;
        }

        var max = float.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = Math.Max(max, logit);
        }

        var sum = 0d;
        for (var i = 0; i < logits.Length; i++)
        {
            var e = Math.Exp(logits[i] - max);
            probabilities[i] = (float)e;
            sum += e;
        }

        for (var i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] = (float)(probabilities[i] / sum);
        }

        return probabilities;
    }

    /// <summary>Indices of <paramref name="images"/> with their scores, best first; equal scores keep input order.</summary>
    public IReadOnlyList<(int Index, float Score)> Rank(Embedding text, IReadOnlyList<Embedding> images, bool softmax = false)
    {
        var logits = Logits(text, images);
        var scores = softmax ? Softmax(logits) : logits;
        return [.. scores.Select((score, index) => (index, score)).OrderByDescending(s => s.score)];
    }
}

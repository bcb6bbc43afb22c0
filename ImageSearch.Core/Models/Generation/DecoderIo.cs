using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ImageSearch.Core.Models.Generation;

/// <summary>
/// The inputs and outputs of a decoder export, read from the session (not assumed): Optimum/Transformers.js layouts with
/// <c>input_ids</c>, optional <c>attention_mask</c>, <c>position_ids</c>, <c>encoder_hidden_states</c>,
/// <c>encoder_attention_mask</c>, <c>use_cache_branch</c> (merged exports) and <c>past_key_values.{i}.key/value</c> → <c>present.{i}.key/value</c>;
/// output <c>logits</c>. An input this service cannot feed makes the model unavailable, with its name in the reason.
/// </summary>
internal sealed class DecoderIo
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string PositionIds = "position_ids";
    public const string EncoderHiddenStates = "encoder_hidden_states";
    public const string EncoderAttentionMask = "encoder_attention_mask";
    public const string UseCacheBranch = "use_cache_branch";
    public const string Logits = "logits";
    private const string PastPrefix = "past_key_values.";
    private const string PresentPrefix = "present.";

    private DecoderIo(IReadOnlyCollection<string> inputs, IReadOnlyList<CacheSlot> past)
    {
        HasAttentionMask = inputs.Contains(AttentionMask);
        HasPositionIds = inputs.Contains(PositionIds);
        HasEncoderHiddenStates = inputs.Contains(EncoderHiddenStates);
        HasEncoderAttentionMask = inputs.Contains(EncoderAttentionMask);
        HasUseCacheBranch = inputs.Contains(UseCacheBranch);
        Past = past;
    }

    public bool HasAttentionMask { get; }

    public bool HasPositionIds { get; }

    public bool HasEncoderHiddenStates { get; }

    public bool HasEncoderAttentionMask { get; }

    public bool HasUseCacheBranch { get; }

    /// <summary>Cache tensors, in the session's input order; empty when the export has no key/value inputs.</summary>
    public IReadOnlyList<CacheSlot> Past { get; }

    public static DecoderIo Read(InferenceSession session, string modelId, string path)
    {
        var inputs = session.InputMetadata;
        var outputs = session.OutputMetadata;
        var problems = new List<string>();
        Require(inputs, InputIds, TensorElementType.Int64, problems);
        Require(outputs, Logits, TensorElementType.Float, problems);
        var past = new List<CacheSlot>();
        foreach (var (name, metadata) in inputs.Where(i => i.Key.StartsWith(PastPrefix, StringComparison.Ordinal)))
        {
            var present = PresentPrefix + name[PastPrefix.Length..];
            if (name.Contains(".encoder.", StringComparison.Ordinal))
            {
                problems.Add($"cross-attention cache input '{name}' (not supported)");
            }
            else if (!outputs.ContainsKey(present))
            {
                problems.Add($"output '{present}' for input '{name}'");
            }
            else if (metadata.ElementDataType != TensorElementType.Float || metadata.Dimensions.Length != 4)
            {
                problems.Add($"'{name}' as float [batch, heads, past, head size] (it is {metadata.ElementDataType} of rank {metadata.Dimensions.Length})");
            }
            else
            {
                // Heads and head size are fixed in Optimum exports; a symbolic one is fed as 1 (only empty caches are built here).
                past.Add(new CacheSlot(name, present, Math.Max(metadata.Dimensions[1], 1), Math.Max(metadata.Dimensions[3], 1)));
            }
        }

        string[] known = [InputIds, AttentionMask, PositionIds, EncoderHiddenStates, EncoderAttentionMask, UseCacheBranch];
        problems.AddRange(inputs.Keys
            .Where(name => !known.Contains(name) && !name.StartsWith(PastPrefix, StringComparison.Ordinal))
            .Select(name => $"a way to feed input '{name}'"));
        if (problems.Count > 0)
        {
            throw new ModelUnavailableException(modelId, path,
                $"it is not a decoder this service can run: missing {string.Join("; ", problems)}; it has inputs "
                + $"[{string.Join(", ", inputs.Keys)}] and outputs [{string.Join(", ", outputs.Keys)}]");
        }

        return new DecoderIo(inputs.Keys.ToList(), past);
    }

    private static void Require(IReadOnlyDictionary<string, NodeMetadata> metadata, string name, TensorElementType type, List<string> problems)
    {
        if (!metadata.TryGetValue(name, out var node) || !node.IsTensor || node.ElementDataType != type)
        {
            problems.Add($"{type} '{name}'");
        }
    }
}

/// <summary>One cache tensor pair: the past input, the present output that feeds it next step, and its fixed sizes.</summary>
internal sealed record CacheSlot(string Input, string Output, int Heads, int HeadSize);

using Onnx;
using static ImageSearch.Tests.Models.Generation.OnnxGraph;

namespace ImageSearch.Tests.Models.Generation;

/// <summary>
/// Writes stand-ins for the real decoder exports (models/manifest.json): the same input and output names, element types
/// and dynamic axes, 2 layers of 1 head of size 4, vocabulary 50257 by default. A merged export routes the past through
/// an <c>If</c> on <c>use_cache_branch</c> as Optimum's merged decoders do (false: the past is ignored).
/// <para>The maths, chosen so tests can predict and check every step:</para>
/// <list type="bullet">
/// <item>each token's cached key/value is [1, id, slot, 0]; present = past ++ new along the sequence axis;</item>
/// <item>logits of every position come from <see cref="Transitions"/> for (the token before the last, the last token) —
/// with a cache the token before the last exists only in the past, so a wrong or dropped cache changes the output;</item>
/// <item>plus <c>Perturbation</c> x sin(checksum of the whole cache x vocabulary ramp), so wrongly reordered beams change the scores;</item>
/// <item>caption decoders add mean(encoder_hidden_states) x <c>ImageBias</c>; causal ones push end-of-text by 100 per unit of
/// disagreement between attention_mask length, last position id + 1 and the cache length (inconsistent feeding ends the text);</item>
/// <item><c>BurnIterations</c> &gt; 0 adds a CPU-burning loop (a slow model).</item>
/// </list>
/// </summary>
internal sealed partial record TinyDecoder(Transitions Table)
{
    public const int HeadSize = 4;

    public bool Caption { get; init; }

    public bool WithPast { get; init; } = true;

    public bool WithPositionIds { get; init; } = true;

    /// <summary>Caption decoders: also declare encoder_attention_mask (some seq2seq exports do); ONNX Runtime fails when a declared input is not fed.</summary>
    public bool WithEncoderAttentionMask { get; init; }

    public int Vocabulary { get; init; } = 50257;

    public int Layers { get; init; } = 2;

    public float Perturbation { get; init; } = 0.01f;

    public IReadOnlyDictionary<int, float> ImageBias { get; init; } = new Dictionary<int, float>();

    public long BurnIterations { get; init; }

    /// <summary>An extra input the service cannot feed (to test that it is reported).</summary>
    public string? ExtraInput { get; init; }

    private string Seq => Caption ? "decoder_sequence_length" : "sequence_length";

    private string PastSeq => Caption ? "past_decoder_sequence_length" : "past_sequence_length";

    private string TotalSeq => $"{PastSeq} + {Seq}";

    public void Write(string path)
    {
        var g = new OnnxGraph("tiny_decoder");
        g.Input("input_ids", Int64Type, "batch_size", Seq);
        if (Caption)
        {
            g.Input("encoder_hidden_states", FloatType, "batch_size", "encoder_sequence_length", 8);
            if (WithEncoderAttentionMask)
            {
                g.Input("encoder_attention_mask", Int64Type, "batch_size", "encoder_sequence_length");
            }
        }
        else
        {
            g.Input("attention_mask", Int64Type, "batch_size", TotalSeq);
            if (WithPositionIds)
            {
                g.Input("position_ids", Int64Type, "batch_size", Seq);
            }
        }

        if (ExtraInput is not null)
        {
            g.Input(ExtraInput, Int64Type, "batch_size", Seq);
        }

        var slots = Enumerable.Range(0, Layers).SelectMany(i => new[] { $"{i}.key", $"{i}.value" }).ToList();
        if (WithPast)
        {
            slots.ForEach(s => g.Input($"past_key_values.{s}", FloatType, "batch_size", 1, PastSeq, HeadSize));
            g.Input("use_cache_branch", BoolType, 1);
        }

        g.Output("logits", FloatType, "batch_size", Seq, Vocabulary);
        slots.ForEach(s => g.Output($"present.{s}", FloatType, "batch_size", 1, WithPast ? TotalSeq : Seq, HeadSize));

        var all = Cache(g, slots);
        var logits = TransitionLogits(g, all[0]);
        if (Perturbation != 0f)
        {
            logits = g.Node("Add", [logits, Perturb(g, all[^1])]);
        }

        if (Caption && ImageBias.Count > 0)
        {
            var mean = g.Node("ReduceMean", ["encoder_hidden_states"], null, Ints("axes", 1, 2), Int("keepdims", 1));
            logits = g.Node("Add", [logits, g.Node("Mul", [mean, g.Floats("image_bias", [Vocabulary], Dense(ImageBias))])]);
        }

        if (!Caption)
        {
            logits = g.Node("Add", [logits, ConsistencyPenalty(g, all[0])]);
        }

        if (BurnIterations > 0)
        {
            logits = g.Node("Add", [logits, Burn(g)]);
        }

        g.Node("Identity", [logits], "logits");
        for (var i = 0; i < slots.Count; i++)
        {
            g.Node("Identity", [all[i]], $"present.{slots[i]}");
        }

        g.Save(path);
    }

    /// <summary>Per slot: [batch, 1, past + new, 4]; merged exports choose past ++ new or new alone with an If.</summary>
    private List<string> Cache(OnnxGraph g, List<string> slots)
    {
        var ids = g.Node("Cast", ["input_ids"], "ids_f", Int("to", FloatType));
        var ids4 = g.Node("Unsqueeze", [ids, g.Int64s("axes_1_3", [2], [1, 3])], "ids_4d");
        var fresh = slots.Select((s, i) => g.Node("Add", [
            g.Node("Mul", [ids4, g.Floats($"w_{i}", [HeadSize], [0, 1, 0, 0])]),
            g.Floats($"b_{i}", [HeadSize], [1, 0, i, 0])], $"new_{i}")).ToList();
        if (!WithPast)
        {
            return fresh;
        }

        var then = new GraphProto { Name = "with_past" };
        var otherwise = new GraphProto { Name = "without_past" };
        var outputs = new List<string>();
        for (var i = 0; i < slots.Count; i++)
        {
            then.Node.Add(new NodeProto { OpType = "Concat", Input = { $"past_key_values.{slots[i]}", fresh[i] }, Output = { $"then_{i}" }, Attribute = { Int("axis", 2) } });
            then.Output.Add(Value($"then_{i}", FloatType));
            otherwise.Node.Add(new NodeProto { OpType = "Identity", Input = { fresh[i] }, Output = { $"else_{i}" } });
            otherwise.Output.Add(Value($"else_{i}", FloatType));
            outputs.Add($"all_{i}");
        }

        g.MultiNode("If", ["use_cache_branch"], [.. outputs], Subgraph("then_branch", then), Subgraph("else_branch", otherwise));
        return outputs;
    }

    /// <summary>Logits [batch, seq, vocabulary] from the table row of (token before the last, each position's token).</summary>
    private string TransitionLogits(OnnxGraph g, string cache)
    {
        var table = Table.Build(Vocabulary);
        var length = g.Node("Gather", [g.Node("Shape", [cache]), g.Scalar("two", 2L)], "cache_length");
        var prevPosition = g.Node("Max", [g.Node("Sub", [length, g.Scalar("two_b", 2L)]), g.Scalar("zero", 0L)]);
        var prevEntry = g.Node("Gather", [cache, prevPosition], null, Int("axis", 2));
        var prevId = g.Node("Cast", [g.Node("Gather", [prevEntry, g.Scalar("one", 1L)], null, Int("axis", 2))], "prev_id", Int("to", Int64Type));
        var row = g.Node("Add", [
            g.Node("Gather", [g.Int64s("last_class", [Vocabulary], table.LastClass), "input_ids"]),
            g.Node("Gather", [g.Int64s("prev_offset", [Vocabulary], table.PrevOffset), prevId])], "row");
        var tokens = g.Node("Gather", [g.Int64s("row_tokens", [table.Rows, table.Width], table.RowTokens), row]);
        var values = g.Node("Gather", [g.Floats("row_logits", [table.Rows, table.Width], table.RowLogits), row]);
        var shape = g.Node("Concat", [g.Node("Shape", ["input_ids"]), g.Int64s("vocabulary", [1], [Vocabulary])], null, Int("axis", 0));
        var zeros = g.Node("ConstantOfShape", [shape]);
        return g.Node("ScatterElements", [zeros, tokens, values], "transition_logits", Int("axis", 2));
    }

    private float[] Dense(IReadOnlyDictionary<int, float> values)
    {
        var dense = new float[Vocabulary];
        foreach (var (token, value) in values)
        {
            dense[token] = value;
        }

        return dense;
    }
}

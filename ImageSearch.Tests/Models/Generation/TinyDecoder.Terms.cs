using Onnx;
using static ImageSearch.Tests.Models.Generation.OnnxGraph;

namespace ImageSearch.Tests.Models.Generation;

/// <summary>The terms a tiny decoder adds to its transition logits (see the summary on the other part).</summary>
internal sealed partial record TinyDecoder
{
    private string Perturb(OnnxGraph g, string cache)
    {
        var checksum = g.Node("ReduceSum", [cache, g.Int64s("axes_123", [3], [1, 2, 3])], null, Int("keepdims", 1));
        var perRow = g.Node("Squeeze", [checksum, g.Int64s("axes_3", [1], [3])]);
        var ramp = g.Node("Range", [g.Scalar("r0", 0f), g.Scalar("rv", (float)Vocabulary), g.Scalar("r1", 1f)]);
        var angle = g.Node("Mul", [g.Node("Mul", [perRow, ramp]), g.Scalar("scale", 1e-6f)]);
        return g.Node("Mul", [g.Node("Sin", [angle]), g.Scalar("eps", Perturbation)], "perturbation");
    }

    private string ConsistencyPenalty(OnnxGraph g, string cache)
    {
        var total = g.Node("Cast", [g.Node("Gather", [g.Node("Shape", [cache]), g.Scalar("two_c", 2L)])], null, Int("to", FloatType));
        var maskLength = g.Node("ReduceSum", [g.Node("Cast", ["attention_mask"], null, Int("to", FloatType)), g.Int64s("axes_1", [1], [1])], null, Int("keepdims", 1));
        var disagreement = g.Node("Abs", [g.Node("Sub", [maskLength, total])]);
        if (WithPositionIds)
        {
            var lastPosition = g.Node("ReduceMax", [g.Node("Cast", ["position_ids"], null, Int("to", FloatType))], null, Ints("axes", 1), Int("keepdims", 1));
            var positionGap = g.Node("Abs", [g.Node("Sub", [g.Node("Add", [lastPosition, g.Scalar("one_f", 1f)]), total])]);
            disagreement = g.Node("Add", [disagreement, positionGap]);
        }

        var penalty = g.Node("Unsqueeze", [g.Node("Mul", [disagreement, g.Scalar("hundred", 100f)]), g.Int64s("axes_2", [1], [2])]);
        return g.Node("Mul", [penalty, g.Floats("eos_vector", [Vocabulary], Dense(new Dictionary<int, float> { [Table.EndOfText] = 1f }))], "penalty");
    }

    /// <summary>0 x (a loop of 64x64 identity products): costs time, changes nothing. Depends on the input so it is not folded.</summary>
    private string Burn(OnnxGraph g)
    {
        var identity = g.Floats("identity", [64, 64], Enumerable.Range(0, 64 * 64).Select(i => i % 65 == 0 ? 1f : 0f));
        var start = g.Node("Add", [identity, g.Node("Mul", [g.Node("ReduceSum", ["ids_f", g.Int64s("axes_01", [2], [0, 1])], null, Int("keepdims", 0)), g.Scalar("zero_f", 0f)])]);
        var body = new GraphProto { Name = "burn" };
        body.Input.Add([ScalarValue("i", Int64Type), ScalarValue("c_in", BoolType), Value("m_in", FloatType)]);
        body.Node.Add(new NodeProto { OpType = "MatMul", Input = { "m_in", identity }, Output = { "m_out" } });
        body.Node.Add(new NodeProto { OpType = "Identity", Input = { "c_in" }, Output = { "c_out" } });
        body.Output.Add([ScalarValue("c_out", BoolType), Value("m_out", FloatType)]);
        var flag = new TensorProto { Name = "true", DataType = BoolType };
        flag.Int32Data.Add(1);
        g.Graph.Initializer.Add(flag);
        var burned = g.Node("Loop", [g.Scalar("trips", BurnIterations), "true", start], null, Subgraph("body", body));
        return g.Node("Mul", [g.Node("ReduceSum", [burned, g.Int64s("axes_01b", [2], [0, 1])], null, Int("keepdims", 0)), g.Scalar("zero_g", 0f)], "burn");
    }
}

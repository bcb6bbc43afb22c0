using Google.Protobuf;
using Onnx;

namespace ImageSearch.Tests.Models.Clip;

/// <summary>
/// Stand-ins for the Xenova CLIP export, built with OnnxSharp at test time (a few KB, never committed). They have the
/// export's input and output names, element types and dynamic axes (models/manifest.json), and small deterministic maths:
/// <list type="bullet">
/// <item>text: input_ids int64 [batch_size, sequence_length] -> text_embeds float [batch_size, 512] = sum over the
/// tokens that are not 49407 of sin(id x w + phase), and last_hidden_state float [batch_size, sequence_length, 512] =
/// sin(id x w + phase). Padding with any id other than the masked 49407 would change text_embeds.
/// Like the real causal model, padding after the end token does not change text_embeds.</item>
/// <item>vision: pixel_values float [batch_size, 3, 224, 224] -> image_embeds float [batch_size, 512] = channel means
/// x W[3, 512] + b, and last_hidden_state float [batch_size, 50, 768].</item>
/// </list>
/// </summary>
internal static class TinyClipModels
{
    private const int Opset = 14;
    private const int FloatType = (int)TensorProto.Types.DataType.Float;
    private const int Int64Type = (int)TensorProto.Types.DataType.Int64;

    public static void WriteTextModel(string path, string outputName = "text_embeds")
    {
        var graph = new GraphProto { Name = "tiny_clip_text" };
        graph.Input.Add(Value("input_ids", Int64Type, "batch_size", "sequence_length"));
        graph.Output.Add(Value(outputName, FloatType, "batch_size", 512));
        graph.Output.Add(Value("last_hidden_state", FloatType, "batch_size", "sequence_length", 512));
        graph.Initializer.Add(Floats("w", [512], i => (i + 1) * 1e-4f));
        graph.Initializer.Add(Floats("phase", [512], i => 0.3f + i * 1e-3f));
        graph.Initializer.Add(Int64s("axis1", [1], [1]));
        graph.Initializer.Add(Int64s("axis2", [1], [2]));
        graph.Initializer.Add(Int64s("end_id", [], [49407]));
        graph.Node.Add(Node("Cast", ["input_ids"], ["ids_f"], Attribute("to", FloatType)));
        graph.Node.Add(Node("Unsqueeze", ["ids_f", "axis2"], ["ids_3d"]));
        graph.Node.Add(Node("Mul", ["ids_3d", "w"], ["scaled"]));
        graph.Node.Add(Node("Add", ["scaled", "phase"], ["angles"]));
        graph.Node.Add(Node("Sin", ["angles"], ["last_hidden_state"]));
        graph.Node.Add(Node("Equal", ["input_ids", "end_id"], ["is_end"]));
        graph.Node.Add(Node("Not", ["is_end"], ["keep"]));
        graph.Node.Add(Node("Cast", ["keep"], ["keep_f"], Attribute("to", FloatType)));
        graph.Node.Add(Node("Unsqueeze", ["keep_f", "axis2"], ["keep_3d"]));
        graph.Node.Add(Node("Mul", ["last_hidden_state", "keep_3d"], ["kept"]));
        graph.Node.Add(Node("ReduceSum", ["kept", "axis1"], [outputName], Attribute("keepdims", 0)));
        Write(graph, path);
    }

    public static void WriteVisionModel(string path)
    {
        var graph = new GraphProto { Name = "tiny_clip_vision" };
        graph.Input.Add(Value("pixel_values", FloatType, "batch_size", 3, 224, 224));
        graph.Output.Add(Value("image_embeds", FloatType, "batch_size", 512));
        graph.Output.Add(Value("last_hidden_state", FloatType, "batch_size", 50, 768));
        graph.Initializer.Add(Floats("w", [3, 512], i => MathF.Sin(i * 0.7f + 0.3f)));
        graph.Initializer.Add(Floats("b", [512], i => 0.05f * MathF.Cos(i)));
        graph.Initializer.Add(Floats("w_hidden", [3, 768], i => MathF.Cos(i * 0.11f)));
        graph.Initializer.Add(Int64s("axis1", [1], [1]));
        graph.Initializer.Add(Int64s("hidden_shape", [3], [1, 50, 768]));
        var mean = Node("ReduceMean", ["pixel_values"], ["channel_means"], Attribute("keepdims", 0));
        mean.Attribute.Add(new AttributeProto { Name = "axes", Type = AttributeProto.Types.AttributeType.Ints, Ints = { 2, 3 } });
        graph.Node.Add(mean);
        graph.Node.Add(Node("MatMul", ["channel_means", "w"], ["projected"]));
        graph.Node.Add(Node("Add", ["projected", "b"], ["image_embeds"]));
        graph.Node.Add(Node("Unsqueeze", ["channel_means", "axis1"], ["means_3d"]));
        graph.Node.Add(Node("MatMul", ["means_3d", "w_hidden"], ["hidden_row"]));
        graph.Node.Add(Node("Expand", ["hidden_row", "hidden_shape"], ["last_hidden_state"]));
        Write(graph, path);
    }

    private static void Write(GraphProto graph, string path)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "ImageSearch.Tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, model.ToByteArray());
    }

    private static ValueInfoProto Value(string name, int elementType, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var dim in dims)
        {
            shape.Dim.Add(dim is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = (int)dim });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }

    private static TensorProto Floats(string name, long[] dims, Func<int, float> value)
    {
        var tensor = new TensorProto { Name = name, DataType = FloatType };
        tensor.Dims.Add(dims);
        tensor.FloatData.Add(Enumerable.Range(0, (int)dims.Aggregate(1L, (a, b) => a * b)).Select(value));
        return tensor;
    }

    private static TensorProto Int64s(string name, long[] dims, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = Int64Type };
        tensor.Dims.Add(dims);
        tensor.Int64Data.Add(values);
        return tensor;
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs, AttributeProto? attribute = null)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{outputs[0]}" };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        if (attribute is not null)
        {
            node.Attribute.Add(attribute);
        }

        return node;
    }

    private static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };
}

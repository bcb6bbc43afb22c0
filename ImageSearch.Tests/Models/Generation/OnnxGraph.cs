using Google.Protobuf;
using Onnx;

namespace ImageSearch.Tests.Models.Generation;

/// <summary>A few helpers over OnnxSharp's protobuf types for writing tiny test models (opset 14).</summary>
internal sealed class OnnxGraph(string name)
{
    public const int FloatType = (int)TensorProto.Types.DataType.Float;
    public const int Int64Type = (int)TensorProto.Types.DataType.Int64;
    public const int BoolType = (int)TensorProto.Types.DataType.Bool;

    private int _counter;

    public GraphProto Graph { get; } = new() { Name = name };

    public void Input(string name, int type, params object[] dims) => Graph.Input.Add(Value(name, type, dims));

    public void Output(string name, int type, params object[] dims) => Graph.Output.Add(Value(name, type, dims));

    /// <summary>Adds a node; returns its (first) output name, generated when not given.</summary>
    public string Node(string op, string[] inputs, string? output = null, params AttributeProto[] attributes)
    {
        output ??= $"{op.ToLowerInvariant()}_{_counter++}";
        var node = new NodeProto { OpType = op, Name = $"{op}_{output}" };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return output;
    }

    public NodeProto MultiNode(string op, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{outputs[0]}" };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return node;
    }

    public string Floats(string name, long[] dims, IEnumerable<float> values)
    {
        var tensor = new TensorProto { Name = name, DataType = FloatType };
        tensor.Dims.Add(dims);
        tensor.FloatData.Add(values);
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string Int64s(string name, long[] dims, IEnumerable<long> values)
    {
        var tensor = new TensorProto { Name = name, DataType = Int64Type };
        tensor.Dims.Add(dims);
        tensor.Int64Data.Add(values);
        Graph.Initializer.Add(tensor);
        return name;
    }

    public string Scalar(string name, long value) => Int64s(name, [], [value]);

    public string Scalar(string name, float value) => Floats(name, [], [value]);

    public void Save(string path)
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "ImageSearch.Tests", Graph = Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 14 });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, model.ToByteArray());
    }

    public static ValueInfoProto Value(string name, int type, params object[] dims)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = type };
        if (dims.Length > 0)
        {
            tensor.Shape = new TensorShapeProto();
            foreach (var dim in dims)
            {
                tensor.Shape.Dim.Add(dim is string symbol
                    ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                    : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
            }
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    /// <summary>A rank-0 value (what Loop bodies need for their iteration and condition).</summary>
    public static ValueInfoProto ScalarValue(string name, int type) => new()
    {
        Name = name,
        Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = type, Shape = new TensorShapeProto() } },
    };

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    public static AttributeProto Subgraph(string name, GraphProto graph) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = graph };
}

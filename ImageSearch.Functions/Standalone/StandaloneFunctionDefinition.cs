using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// The <see cref="FunctionDefinition"/> of a discovered function: name, entry point, assembly and parameters. Binding
/// metadata comes from the host's functions.metadata, which standalone mode does not read.
/// </summary>
internal sealed class StandaloneFunctionDefinition(string name, MethodInfo method) : FunctionDefinition
{
    public override ImmutableArray<FunctionParameter> Parameters { get; } =
        [.. method.GetParameters().Select(p => new FunctionParameter(p.Name ?? string.Empty, p.ParameterType))];

    public override string PathToAssembly { get; } = method.DeclaringType?.Assembly.Location ?? string.Empty;

    public override string EntryPoint { get; } = $"{method.DeclaringType?.FullName}.{method.Name}";

    public override string Id => name;

    public override string Name => name;

    public override IImmutableDictionary<string, BindingMetadata> InputBindings =>
        throw StandaloneFunctionContext.Unsupported("Input binding metadata");

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings =>
        throw StandaloneFunctionContext.Unsupported("Output binding metadata");
}

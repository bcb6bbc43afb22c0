using Mono.Cecil;
using Mono.Cecil.Cil;

namespace ImageSearch.Tests.Layering;

/// <summary>
/// Every type a compiled type refers to, read from the assembly itself (signatures, attributes and IL), so fully
/// qualified names, <c>typeof</c>, casts and calls count as much as <c>using</c> lines — and unused <c>using</c> lines
/// count not at all. Compiler-generated nested types (lambdas, async state machines) belong to the type that declares them.
/// </summary>
internal static class TypeReferences
{
    /// <summary>The types <paramref name="type"/> (and its nested types) refer to, generic arguments and element types unwrapped.</summary>
    public static IEnumerable<TypeReference> Of(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        Collect(type, found);
        return found;
    }

    private static void Collect(TypeDefinition type, List<TypeReference> found)
    {
        Add(type.BaseType, found);
        type.Interfaces.ToList().ForEach(i => Add(i.InterfaceType, found));
        AddGenericParameters(type.GenericParameters, found);
        AddAttributes(type.CustomAttributes, found);
        foreach (var field in type.Fields)
        {
            Add(field.FieldType, found);
            AddAttributes(field.CustomAttributes, found);
        }

        foreach (var property in type.Properties)
        {
            Add(property.PropertyType, found);
            AddAttributes(property.CustomAttributes, found);
        }

        type.Events.ToList().ForEach(e => Add(e.EventType, found));
        type.Methods.ToList().ForEach(m => AddMethod(m, found));
        type.NestedTypes.ToList().ForEach(nested => Collect(nested, found));
    }

    private static void AddMethod(MethodDefinition method, List<TypeReference> found)
    {
        Add(method.ReturnType, found);
        AddAttributes(method.CustomAttributes, found);
        AddGenericParameters(method.GenericParameters, found);
        foreach (var parameter in method.Parameters)
        {
            Add(parameter.ParameterType, found);
            AddAttributes(parameter.CustomAttributes, found);
        }

        if (!method.HasBody)
        {
            return;
        }

        method.Body.Variables.ToList().ForEach(v => Add(v.VariableType, found));
        method.Body.ExceptionHandlers.Where(h => h.CatchType is not null).ToList().ForEach(h => Add(h.CatchType, found));
        foreach (var instruction in method.Body.Instructions)
        {
            AddOperand(instruction, found);
        }
    }

    private static void AddOperand(Instruction instruction, List<TypeReference> found)
    {
        switch (instruction.Operand)
        {
            case TypeReference type:
                Add(type, found);
                break;
            case MethodReference method:
                AddMethodReference(method, found);
                break;
            case FieldReference field:
                Add(field.DeclaringType, found);
                Add(field.FieldType, found);
                break;
            case CallSite site:
                Add(site.ReturnType, found);
                site.Parameters.ToList().ForEach(p => Add(p.ParameterType, found));
                break;
        }
    }

    private static void AddMethodReference(MethodReference method, List<TypeReference> found)
    {
        Add(method.DeclaringType, found);
        Add(method.ReturnType, found);
        method.Parameters.ToList().ForEach(p => Add(p.ParameterType, found));
        if (method is GenericInstanceMethod generic)
        {
            generic.GenericArguments.ToList().ForEach(a => Add(a, found));
        }
    }

    private static void AddGenericParameters(IEnumerable<GenericParameter> parameters, List<TypeReference> found)
    {
        foreach (var parameter in parameters)
        {
            parameter.Constraints.ToList().ForEach(c => Add(c.ConstraintType, found));
        }
    }

    private static void AddAttributes(IEnumerable<CustomAttribute> attributes, List<TypeReference> found)
    {
        foreach (var attribute in attributes)
        {
            Add(attribute.AttributeType, found);
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)))
            {
                Add(argument.Type, found);
                if (argument.Value is TypeReference typeArgument)
                {
                    Add(typeArgument, found);
                }
            }
        }
    }

    /// <summary>Records <paramref name="type"/> itself, or for a constructed type its element type and generic arguments.</summary>
    private static void Add(TypeReference? type, List<TypeReference> found)
    {
        switch (type)
        {
            case null or GenericParameter:
                return;
            case GenericInstanceType generic:
                Add(generic.ElementType, found);
                generic.GenericArguments.ToList().ForEach(a => Add(a, found));
                return;
            case IModifierType modified:
                Add(modified.ModifierType, found);
                Add(modified.ElementType, found);
                return;
            case FunctionPointerType pointer:
                Add(pointer.ReturnType, found);
                pointer.Parameters.ToList().ForEach(p => Add(p.ParameterType, found));
                return;
            case TypeSpecification specification:
                Add(specification.ElementType, found);
                return;
            default:
                found.Add(type);
                return;
        }
    }
}

using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// Calls a function method the way the worker's default executor does: a new instance per invocation, constructed by
/// <see cref="ActivatorUtilities"/> from the invocation's scope and not disposed afterwards; the result awaited.
/// </summary>
internal static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(MethodInfo method, IServiceProvider scopedServices, object?[] arguments)
    {
        var instance = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scopedServices, method.DeclaringType!);
        var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        return await AwaitAsync(method.ReturnType, returned);
    }

    private static async Task<object?> AwaitAsync(Type declared, object? returned)
    {
        if (returned is ValueTask valueTask)
        {
            await valueTask;
            return null;
        }

        if (declared.IsGenericType && declared.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            returned = declared.GetMethod(nameof(ValueTask<object>.AsTask))!.Invoke(returned, null);
            declared = typeof(Task<>).MakeGenericType(declared.GetGenericArguments());
        }

        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        // The declared type decides: an "async Task" method's task is a Task<VoidTaskResult> at run time.
        return declared.IsGenericType ? declared.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }
}

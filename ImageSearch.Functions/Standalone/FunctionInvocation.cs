using System.Reflection;

namespace ImageSearch.Functions.Standalone;

/// <summary>Calls a function method and awaits it; the value of a <c>Task&lt;T&gt;</c> (by the declared type), else null.</summary>
internal static class FunctionInvocation
{
    public static async Task<object?> InvokeAsync(MethodInfo method, object instance, object?[] arguments)
    {
        var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        // An "async Task" method's task is a Task<VoidTaskResult> at run time: the declared type decides.
        return method.ReturnType.IsGenericType ? method.ReturnType.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
    }
}

using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Standalone;

/// <summary>
/// The <see cref="FunctionContext"/> of one standalone invocation. What exists without the host is real (ids, definition,
/// services, cancellation, items, trace parent, <c>GetHttpContext()</c>); the binding pipeline does not exist here, so its
/// members throw <see cref="NotSupportedException"/> instead of returning something that merely looks right.
/// </summary>
internal sealed class StandaloneFunctionContext : FunctionContext
{
    // The key Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore reads in FunctionContext.GetHttpContext().
    private const string HttpContextKey = "HttpRequestContext";

    private readonly string _functionName;
    private readonly MethodInfo _method;
    private FunctionDefinition? _definition;

    public StandaloneFunctionContext(
        string functionName, MethodInfo method, IServiceProvider instanceServices, CancellationToken cancellationToken, HttpContext? http)
    {
        _functionName = functionName;
        _method = method;
        InstanceServices = instanceServices;
        CancellationToken = cancellationToken;
        if (http is not null)
        {
            Items[HttpContextKey] = http;
        }
    }

    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    /// <summary>The host assigns function ids; standalone uses the function name, which is just as stable.</summary>
    public override string FunctionId => _functionName;

    public override TraceContext TraceContext { get; } = new ActivityTraceContext(Activity.Current);

    public override BindingContext BindingContext =>
        throw Unsupported("Binding data (trigger metadata); bind route values as parameters instead");

    /// <summary>No retry policy runs in standalone mode, so no retry is ever in progress.</summary>
    public override RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; }

    public override FunctionDefinition FunctionDefinition => _definition ??= new StandaloneFunctionDefinition(_functionName, _method);

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features =>
        throw Unsupported("Invocation features (the worker's binding and invocation pipeline)");

    public override CancellationToken CancellationToken { get; }

    internal static NotSupportedException Unsupported(string what) =>
        new($"{what} do not exist in standalone mode: the function runs on Kestrel without the Azure Functions host.");

    private sealed class ActivityTraceContext(Activity? activity) : TraceContext
    {
        public override string TraceParent { get; } = activity?.Id ?? string.Empty;

        public override string TraceState { get; } = activity?.TraceStateString ?? string.Empty;
    }
}

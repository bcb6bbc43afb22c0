using Azure.Core;
using Azure.Core.Pipeline;

namespace ImageSearch.Tests.Catalog;

/// <summary>A storage pipeline policy that plays a crash: every request <paramref name="matches"/> accepts fails before it is sent.</summary>
public sealed class CrashPolicy(Func<HttpMessage, bool> matches) : HttpPipelinePolicy
{
    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        matches(message) ? throw new IOException("simulated crash") : ProcessNextAsync(message, pipeline);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("the app calls storage asynchronously");

    /// <summary>A write (PUT) of the blob whose path ends with <paramref name="blob"/>.</summary>
    public static Func<HttpMessage, bool> BlobWrite(string blob) => message =>
        message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.EndsWith("/" + blob, StringComparison.Ordinal);
}

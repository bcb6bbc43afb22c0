using ImageSearch.Core.Captioning;
using ImageSearch.Core.Errors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Captioning;

[TestClass]
public sealed class CaptionerSelectorTests
{
    [TestMethod]
    public void NoUsableCaptionerIsUnavailable()
    {
        using var missing = new OnnxCaptioner(
            Options.Create(new CaptionerOptions { ModelDirectory = Path.Combine(Path.GetTempPath(), "missing-" + Guid.NewGuid().ToString("N")) }),
            NullLogger<OnnxCaptioner>.Instance);
        var selector = new CaptionerSelector([missing]);

        var e = Assert.ThrowsExactly<ImageSearchException>(() => selector.Active);

        Assert.AreEqual(("no-captioner", ErrorKind.Unavailable), (e.Code, e.Kind));
        Assert.IsEmpty(selector.Available);
    }
}

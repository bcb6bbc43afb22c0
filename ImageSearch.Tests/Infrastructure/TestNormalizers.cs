using ImageSearch.Core.Imaging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>An <see cref="ImageNormalizer"/> with its own <see cref="DecodeGate"/> (whose memory it decodes into), as the app pairs them.</summary>
internal static class TestNormalizers
{
    public static ImageNormalizer Create(ImageLimitsOptions? limits = null)
    {
        var options = Options.Create(limits ?? new ImageLimitsOptions());
        return new ImageNormalizer(options, new DecodeGate(options, TimeProvider.System, NullLogger<DecodeGate>.Instance));
    }
}

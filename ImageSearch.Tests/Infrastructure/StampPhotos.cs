using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageSearch.Tests.Infrastructure;

/// <summary>
/// Real photos: the Tux Paint stamp cut-outs (Debian package tuxpaint-stamps-default, GPL-2), RGBA PNGs flattened onto white.
/// The folder "usr/share/tuxpaint/stamps" of the extracted package is given by IMAGESEARCH_STAMPS_DIR; without it the tests fail.
/// </summary>
internal static class StampPhotos
{
    public const string EnvironmentVariable = "IMAGESEARCH_STAMPS_DIR";

    public static string Directory
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.IsNullOrWhiteSpace(directory) || !System.IO.Directory.Exists(directory))
            {
                Assert.Fail($"{EnvironmentVariable} must name the stamps folder of the Debian package tuxpaint-stamps-default "
                    + "(apt-get download tuxpaint-stamps-default; dpkg -x *.deb x; then x/usr/share/tuxpaint/stamps). "
                    + $"It is '{directory}'.");
            }

            return directory;
        }
    }

    /// <summary>Loads e.g. "animals/marsupials/koala.png" and flattens it onto white.</summary>
    public static Image<Rgb24> Load(string relativePath)
    {
        var path = Path.Combine(Directory, relativePath);
        if (!File.Exists(path))
        {
            Assert.Fail($"Stamp photo {path} is missing; is {EnvironmentVariable} the stamps folder of tuxpaint-stamps-default?");
        }

        using var rgba = Image.Load<Rgba32>(path);
        var rgb = new Image<Rgb24>(rgba.Width, rgba.Height);
        rgba.ProcessPixelRows(rgb, (source, target) =>
        {
            for (var y = 0; y < source.Height; y++)
            {
                var from = source.GetRowSpan(y);
                var to = target.GetRowSpan(y);
                for (var x = 0; x < from.Length; x++)
                {
                    var alpha = from[x].A / 255f;
                    to[x] = new Rgb24(Blend(from[x].R, alpha), Blend(from[x].G, alpha), Blend(from[x].B, alpha));
                }
            }
        });
        return rgb;
    }

    private static byte Blend(byte value, float alpha) => (byte)MathF.Round((value * alpha) + (255 * (1 - alpha)));
}

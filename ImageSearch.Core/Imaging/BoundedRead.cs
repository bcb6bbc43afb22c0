namespace ImageSearch.Core.Imaging;

/// <summary>Reads a whole stream into memory, failing as soon as it passes a byte limit (never buffering more).</summary>
public static class BoundedRead
{
    public static async Task<byte[]> ReadAllAsync(Stream source, long maxBytes, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw tooLarge();
            }

            await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }

        return buffer.ToArray();
    }
}

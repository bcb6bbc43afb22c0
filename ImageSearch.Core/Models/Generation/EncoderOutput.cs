namespace ImageSearch.Core.Models.Generation;

/// <summary>An encoder's <c>last_hidden_state</c> for one input: [<see cref="Length"/>, <see cref="Width"/>] floats, row-major.</summary>
public sealed record EncoderOutput(float[] Data, int Length, int Width)
{
    /// <summary>The same states for <paramref name="rows"/> decoder rows: [rows, Length, Width].</summary>
    internal float[] Repeat(int rows)
    {
        var repeated = new float[rows * Data.Length];
        for (var row = 0; row < rows; row++)
        {
            Data.CopyTo(repeated, row * Data.Length);
        }

        return repeated;
    }
}

using ImageSearch.Core.Ranking;

namespace ImageSearch.Tests.Ranking;

/// <summary>
/// The compact building blocks of the catalog index: chunked append-only storage (no copying growth, stable views),
/// the vectorised int8 quantizer against a scalar reference, and fp16 rounding.
/// </summary>
[TestClass]
public sealed class CompactStorageTests
{
    [TestMethod]
    public void GrowingByChunksAllocatesTheDataPlusAtMostOneChunk()
    {
        const int Chunk = 65_536;
        const int Count = 1_000_000;
        var array = new AppendOnlyArray<int>(Chunk);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            array.Add(i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Doubling would allocate ~2× the data (4 MB of ints → ~8 MB); chunks: 16 × 256 KiB + the small first chunk's doublings + directories.
        Assert.IsLessThan(((long)Count + Chunk) * sizeof(int) + (512 * 1024), allocated, $"{allocated:N0} bytes allocated for {Count * sizeof(int):N0} bytes of data");
        var view = array.View();
        Assert.AreEqual(Count, view.Count);
        Assert.AreEqual(0, view[0]);
        Assert.AreEqual(Chunk, view[Chunk]);
        Assert.AreEqual(Count - 1, view[Count - 1]);
    }

    [TestMethod]
    public void AViewKeepsItsElementsWhileTheArrayGrowsPastIt()
    {
        var array = new AppendOnlyArray<long>(1000);
        for (var i = 0; i < 700; i++)
        {
            array.Add(i * 3);
        }

        var early = array.View(); // inside the short first chunk, which is copied when it grows
        for (var i = 700; i < 5_500; i++)
        {
            array.Add(i * 3);
        }

        Assert.AreEqual(700, early.Count);
        Assert.IsTrue(Enumerable.Range(0, 700).All(i => early[i] == i * 3));
        var late = array.View();
        Assert.IsTrue(Enumerable.Range(0, 5_500).All(i => late[i] == i * 3));
        Assert.AreEqual(500, late.Chunk(5).Length, "the last chunk holds what was appended, no more");
    }

    [TestMethod]
    public void ASpanThatDoesNotFitStartsTheNextChunkAndPaddingFillsDefaults()
    {
        var array = new AppendOnlyArray<byte>(10);
        array.AddRange([1, 2, 3, 4, 5, 6, 7]);
        array.AddRange([8, 9, 10, 11]); // 4 do not fit the 3 left: the tail is skipped
        Assert.AreEqual(14, array.Count);
        CollectionAssert.AreEqual(new byte[] { 8, 9, 10, 11 }, array.View().Slice(10, 4).ToArray());
        Assert.AreEqual(0, array.View()[7]);

        array.PadTo(35);
        array.Set(34, 42);
        Assert.AreEqual(35, array.Count);
        Assert.AreEqual(42, array.View()[34]);
        Assert.AreEqual(0, array.View()[20]);
    }

    [TestMethod]
    public void VectorisedQuantizationMatchesTheScalarFormula()
    {
        var random = new Random(2);
        foreach (var length in new[] { 1, 7, 31, 384, 512, 1024, 1025, 3000 })
        {
            var vector = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            vector[length / 2] = vector.Max(MathF.Abs) * (63.5f / 127f); // a value at (or next to) a rounding midpoint
            var codes = new sbyte[length];

            var scale = Int8Vectors.Quantize(vector, codes);

            var maxAbs = vector.Max(MathF.Abs);
            var inverse = 127f / maxAbs;
            var expected = vector.Select(x => (sbyte)Math.Clamp(MathF.Round(x * inverse, MidpointRounding.ToEven), -127, 127)).ToArray();
            CollectionAssert.AreEqual(expected, codes, $"length {length}");
            Assert.AreEqual(maxAbs / 127f, scale);
        }
    }

    [TestMethod]
    public void HalfRoundingIsTheIeeeFp16ValueAndIdempotent()
    {
        var random = new Random(4);
        var vector = Enumerable.Range(0, 777).Select(_ => (float)((random.NextDouble() * 2) - 1)).Append(0.8f).Append(1f).Append(-0f).ToArray();

        var rounded = HalfVectors.Rounded(vector);

        CollectionAssert.AreEqual(Fp16.Round(vector), rounded);
        Assert.AreEqual(0.7998046875f, rounded[777], "0.8 in fp16");
        CollectionAssert.AreEqual(rounded, HalfVectors.Rounded(rounded), "rounding twice changes nothing");
        Assert.IsTrue(vector.Zip(rounded).All(p => MathF.Abs(p.First - p.Second) <= MathF.Abs(p.First) / 2048f), "at most 2^-11 relative");
    }
}

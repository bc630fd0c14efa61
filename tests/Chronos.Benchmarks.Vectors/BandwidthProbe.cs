using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Chronos.Benchmarks.Vectors;

/// <summary>
/// The memory-bandwidth bound of a scan: a SIMD sum with four independent accumulators, so the adds never wait on
/// each other and the loop is limited only by how fast memory delivers the bytes. (TensorPrimitives.Sum is not used
/// here: measured on this machine it is add-latency bound at about 8 GB/s, slower than the search kernel itself.)
/// </summary>
public static class BandwidthProbe
{
    /// <summary>The sum of <paramref name="values"/>, read once, widest vectors first.</summary>
    public static float Sum(ReadOnlySpan<float> values)
    {
        ref var start = ref MemoryMarshal.GetReference(values);
        var i = 0;
        var total = 0f;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<float> a = default, b = default, c = default, d = default;
            var step = Vector512<float>.Count;
            for (; i <= values.Length - 4 * step; i += 4 * step)
            {
                a += Vector512.LoadUnsafe(ref start, (nuint)i);
                b += Vector512.LoadUnsafe(ref start, (nuint)(i + step));
                c += Vector512.LoadUnsafe(ref start, (nuint)(i + 2 * step));
                d += Vector512.LoadUnsafe(ref start, (nuint)(i + 3 * step));
            }
            total = Vector512.Sum(a + b + c + d);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> a = default, b = default, c = default, d = default;
            var step = Vector256<float>.Count;
            for (; i <= values.Length - 4 * step; i += 4 * step)
            {
                a += Vector256.LoadUnsafe(ref start, (nuint)i);
                b += Vector256.LoadUnsafe(ref start, (nuint)(i + step));
                c += Vector256.LoadUnsafe(ref start, (nuint)(i + 2 * step));
                d += Vector256.LoadUnsafe(ref start, (nuint)(i + 3 * step));
            }
            total = Vector256.Sum(a + b + c + d);
        }
        for (; i < values.Length; i++)
        {
            total += values[i];
        }
        return total;
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Chronos.Storage.Providers;

/// <summary>
/// Vectors as little-endian IEEE-754 float32 bytes: the layout of the SQLite BLOBs and of Redis vector fields, on any
/// machine.
/// </summary>
public static class VectorBytes
{
    /// <summary>The 4 * length bytes of <paramref name="vector"/>, little-endian.</summary>
    public static byte[] ToLittleEndian(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(bytes);
        }
        else
        {
            for (var i = 0; i < vector.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
            }
        }
        return bytes;
    }

    /// <summary>Reads little-endian float32 bytes into <paramref name="destination"/> (exactly bytes.Length / 4 floats).</summary>
    /// <exception cref="FormatException">The byte count does not match.</exception>
    public static void FromLittleEndian(ReadOnlySpan<byte> bytes, Span<float> destination)
    {
        if (bytes.Length != destination.Length * sizeof(float))
        {
            throw new FormatException($"A stored vector has {bytes.Length} bytes; {destination.Length * sizeof(float)} were expected ({destination.Length} float32 values).");
        }
        if (BitConverter.IsLittleEndian)
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(destination));
            return;
        }
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }
    }

    /// <summary>A new array with the floats of little-endian <paramref name="bytes"/>.</summary>
    public static float[] FromLittleEndian(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % sizeof(float) != 0)
        {
            throw new FormatException($"A stored vector has {bytes.Length} bytes, not a multiple of 4.");
        }
        var vector = new float[bytes.Length / sizeof(float)];
        FromLittleEndian(bytes, vector);
        return vector;
    }
}

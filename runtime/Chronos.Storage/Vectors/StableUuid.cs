using System.Security.Cryptography;
using System.Text;

namespace Chronos.Storage.Providers;

/// <summary>
/// A name-based UUID (RFC 9562 version 5, SHA-1) for a string id, for services whose ids must be UUIDs (Qdrant,
/// Weaviate): the same id always maps to the same UUID, on every machine, so upserts replace and deletes find it.
/// The original id is stored beside it so that it round-trips.
/// </summary>
public static class StableUuid
{
    // A fixed namespace for Chronos embedding ids (itself a random UUID chosen once; never change it: stored data depends on it).
    private static readonly byte[] Namespace = Guid.Parse("6f1c2a3e-9b7d-4c55-8e0a-3d2f4b6a8c91").ToByteArray(bigEndian: true);

    /// <summary>The UUID for <paramref name="id"/>.</summary>
    public static Guid For(string id)
    {
        var name = Encoding.UTF8.GetBytes(id);
        var input = new byte[Namespace.Length + name.Length];
        Namespace.CopyTo(input, 0);
        name.CopyTo(input, Namespace.Length);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }
}

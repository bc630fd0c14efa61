namespace Chronos.Storage;

/// <summary>
/// Optional compression of large JSON fields (checkpoint state, payloads, metadata), set per store with
/// <see cref="Providers.StorageEngine.Compression"/> or per agent in YAML (<c>compression: { codec: zstd, min_bytes: 16384 }</c>).
/// A JSON object, string or number whose UTF-8 text is at least <see cref="MinBytes"/> is stored zstd-compressed inside
/// a one-property JSON object, <c>{"chronos:zstd": "&lt;base64&gt;"}</c>, which every backend's JSON column can hold
/// (PostgreSQL jsonb included). Reading is transparent and does not depend on this setting: a store with compression
/// off still reads compressed records, and records written without it read as before.
/// </summary>
/// <remarks>
/// Top-level JSON arrays are never compressed (a field typed <c>JsonArray</c> cannot hold the wrapper object). User
/// JSON that happens to be a one-property object named <c>chronos:zstd</c> is always stored compressed, whatever this
/// setting, so that reading it back is unambiguous. JSON larger than <see cref="StorageLimits.MaxCompressedJsonBytes"/>
/// is stored uncompressed.
/// </remarks>
public sealed record JsonCompression
{
    /// <summary>The smallest JSON value, in UTF-8 bytes, that is compressed; 16 KiB by default.</summary>
    public int MinBytes { get; init; } = 16 * 1024;

    /// <summary>The zstd level, 1 (fastest) to 22; 3 by default (zstd's own default).</summary>
    public int Level { get; init; } = 3;

    /// <summary>zstd compression of JSON values of at least <paramref name="minBytes"/> UTF-8 bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="minBytes"/> is negative or <paramref name="level"/> is outside 1..22.</exception>
    public static JsonCompression Zstd(int minBytes = 16 * 1024, int level = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 22);
        return new JsonCompression { MinBytes = minBytes, Level = level };
    }
}

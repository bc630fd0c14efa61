namespace Chronos.Storage;

/// <summary>
/// The one rule for instants: UTC, truncated to whole microseconds (PostgreSQL's precision), applied on every
/// backend so that a value reads back exactly as it was stored.
/// </summary>
public static class StorageTime
{
    /// <summary>Ticks per microsecond (10).</summary>
    public const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    /// <summary>Converts to UTC (an Unspecified kind is taken as UTC) and drops sub-microsecond ticks.</summary>
    public static DateTime Normalize(DateTime value)
    {
        var utc = value.Kind switch
        {
            DateTimeKind.Utc => value,
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
        };
        return new DateTime(utc.Ticks - utc.Ticks % TicksPerMicrosecond, DateTimeKind.Utc);
    }

    /// <summary>The current time, normalized.</summary>
    public static DateTime UtcNow() => Normalize(DateTime.UtcNow);

    /// <summary>Microseconds since the Unix epoch: the integer form used by SQLite, Redis scores and sort keys.</summary>
    public static long ToUnixMicroseconds(DateTime value) =>
        (Normalize(value).Ticks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond;

    /// <summary>The inverse of <see cref="ToUnixMicroseconds"/>.</summary>
    public static DateTime FromUnixMicroseconds(long microseconds) =>
        new(DateTime.UnixEpoch.Ticks + microseconds * TicksPerMicrosecond, DateTimeKind.Utc);
}

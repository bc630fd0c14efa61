namespace Chronos.Storage.Sqlite;

/// <summary>How to open a <see cref="SqliteStorage"/>.</summary>
public sealed record SqliteStorageOptions
{
    /// <summary>The DSN: a file path (<c>chronos.db</c>), <c>:memory:</c>, or <c>Data Source=...</c>.</summary>
    public string Dsn { get; init; } = "chronos.db";

    /// <summary>Read connections used at once on a file database (WAL lets them read while the one writer writes).</summary>
    public int MaxReaders { get; init; } = Math.Clamp(Environment.ProcessorCount, 2, 8);

    /// <summary>Whether <see cref="SqliteStorage.OpenAsync"/> runs <see cref="IStorage.MigrateAsync"/> (idempotent).</summary>
    public bool Migrate { get; init; } = true;
}

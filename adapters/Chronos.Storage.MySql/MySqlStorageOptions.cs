namespace Chronos.Storage.MySql;

/// <summary>How to open a <see cref="MySqlStorage"/>.</summary>
public sealed record MySqlStorageOptions
{
    /// <summary>The DSN: <c>mysql://user:password@host:3306/database</c> (also <c>mariadb://</c>) or MySqlConnector keywords.</summary>
    public string Dsn { get; init; } = "";

    /// <summary>Connections held open at once (each keeps its prepared statements).</summary>
    public int MaxConnections { get; init; } = 16;

    /// <summary>Whether <see cref="MySqlStorage.OpenAsync"/> runs <see cref="IStorage.MigrateAsync"/> (idempotent, locked).</summary>
    public bool Migrate { get; init; } = true;
}

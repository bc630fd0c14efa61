using System.Text;
using Chronos.Storage.Providers;

namespace Chronos.Storage.Postgres;

/// <summary>How to open a <see cref="PostgresStorage"/>. <see cref="object.ToString"/> masks the password.</summary>
public sealed record PostgresStorageOptions
{
    /// <summary>The DSN: <c>postgres://user:password@host:5432/database?sslmode=require</c> or Npgsql keywords.</summary>
    public string Dsn { get; init; } = "";

    /// <summary>Connections held open at once (each keeps its prepared statements).</summary>
    public int MaxConnections { get; init; } = 16;

    /// <summary>Whether <see cref="PostgresStorage.OpenAsync"/> runs <see cref="IStorage.MigrateAsync"/> (idempotent, locked).</summary>
    public bool Migrate { get; init; } = true;

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Dsn = ").Append(DsnRedactor.Redact(Dsn)).Append(", MaxConnections = ").Append(MaxConnections)
            .Append(", Migrate = ").Append(Migrate);
        return true;
    }
}

using System.Collections.Immutable;

namespace Chronos.Storage.Schema;

/// <summary>
/// What moving an entity's store from <c>Version - 1</c> to <see cref="Version"/> means: the spec's steps, and the
/// same steps as generated DDL for each SQL dialect the generator knows (to run in order).
/// </summary>
/// <param name="Version">The version these steps reach.</param>
/// <param name="Steps">The backend-neutral steps, in spec order.</param>
/// <param name="Ddl">The steps as statements, one entry per SQL dialect, keyed by the dialect's name.</param>
public sealed record MigrationVersion(int Version, ImmutableArray<MigrationStep> Steps, ImmutableArray<MigrationDdl> Ddl)
{
    /// <summary>The DDL of the dialect named <paramref name="dialect"/>.</summary>
    /// <exception cref="StorageConfigurationException">The generator that compiled the entity knows no such dialect.</exception>
    public ImmutableArray<string> DdlFor(string dialect)
    {
        foreach (var entry in Ddl)
        {
            if (string.Equals(entry.Dialect, dialect, StringComparison.Ordinal)) return entry.Statements;
        }
        throw new StorageConfigurationException(
            $"No migration DDL to version {Version} was generated for dialect '{dialect}': rebuild the entity with a Chronos.Storage.Generators that knows it.");
    }
}

/// <summary>One dialect's DDL for one <see cref="MigrationVersion"/>.</summary>
/// <param name="Dialect">The dialect's name, e.g. <c>postgres</c>.</param>
/// <param name="Statements">The statements, in step order.</param>
public sealed record MigrationDdl(string Dialect, ImmutableArray<string> Statements);

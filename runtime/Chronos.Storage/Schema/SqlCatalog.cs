using System.Collections.Immutable;

namespace Chronos.Storage.Schema;

/// <summary>
/// The generated SQL of one entity, one <see cref="SqlStatements"/> per dialect the generator knows, keyed by the
/// dialect's name (<c>sqlite</c>, <c>postgres</c>, <c>mysql</c>, ...). An adapter asks for its dialect by name, so a
/// new dialect needs no change here.
/// </summary>
/// <param name="Dialects">Every dialect's statements.</param>
public sealed record SqlCatalog(ImmutableArray<SqlStatements> Dialects)
{
    /// <summary>The statements for the dialect named <paramref name="dialect"/>.</summary>
    /// <exception cref="StorageConfigurationException">The generator that compiled this entity knows no such dialect.</exception>
    public SqlStatements For(string dialect)
    {
        foreach (var statements in Dialects)
        {
            if (string.Equals(statements.Dialect, dialect, StringComparison.Ordinal)) return statements;
        }
        var known = new List<string>(Dialects.Length);
        foreach (var statements in Dialects) known.Add(statements.Dialect);
        throw new StorageConfigurationException(
            $"No SQL was generated for dialect '{dialect}' (table '{(Dialects.IsDefaultOrEmpty ? "?" : Dialects[0].Table)}'); " +
            $"this entity was compiled with the dialects {string.Join(", ", known)}: rebuild it with a Chronos.Storage.Generators that knows '{dialect}'.");
    }
}

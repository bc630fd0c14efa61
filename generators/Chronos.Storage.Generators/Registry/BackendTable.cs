using System;
using System.Collections.Immutable;
using System.Linq;

namespace Chronos.Storage.Generators.Registry;

/// <summary>
/// Every backend the application's compilation can see, in a deterministic order (kind, name, package). Value
/// equality lets the incremental pipeline skip emitting when an edit does not change the table.
/// </summary>
internal sealed class BackendTable : IEquatable<BackendTable>
{
    public BackendTable(ImmutableArray<BackendDeclaration> backends, ImmutableArray<string> skipped)
    {
        Backends = backends;
        Skipped = skipped;
    }

    public ImmutableArray<BackendDeclaration> Backends { get; }

    /// <summary>Declarations that cannot be registered (factory not accessible from this compilation), described.</summary>
    public ImmutableArray<string> Skipped { get; }

    public bool Equals(BackendTable? other) =>
        other is not null && Backends.SequenceEqual(other.Backends) && Skipped.SequenceEqual(other.Skipped);

    public override bool Equals(object? obj) => Equals(obj as BackendTable);

    public override int GetHashCode() => Backends.Length * 31 + Skipped.Length;
}

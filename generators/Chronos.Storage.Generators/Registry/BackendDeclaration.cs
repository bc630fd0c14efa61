using System;
using System.Collections.Immutable;
using System.Linq;

namespace Chronos.Storage.Generators.Registry;

/// <summary>Which registry a declaration goes to.</summary>
internal enum BackendKind
{
    Storage,
    Vector,
}

/// <summary>
/// One <c>[assembly: StorageBackend&lt;TFactory&gt;(...)]</c> or <c>VectorBackend</c> attribute, as plain data (no
/// symbols) so that the pipeline can compare it between compilations.
/// </summary>
internal sealed class BackendDeclaration : IEquatable<BackendDeclaration>
{
    public BackendDeclaration(BackendKind kind, string name, string package, string factoryType, ImmutableArray<string> options, bool dsnOptional)
    {
        Kind = kind;
        Name = name;
        Package = package;
        FactoryType = factoryType;
        Options = options;
        DsnOptional = dsnOptional;
    }

    public BackendKind Kind { get; }

    /// <summary>The value of <c>backend:</c>.</summary>
    public string Name { get; }

    /// <summary>The package named in errors (the attribute's Package, or the declaring assembly's name).</summary>
    public string Package { get; }

    /// <summary>The factory type, fully qualified with <c>global::</c>.</summary>
    public string FactoryType { get; }

    public ImmutableArray<string> Options { get; }

    public bool DsnOptional { get; }

    public bool Equals(BackendDeclaration? other) =>
        other is not null
        && Kind == other.Kind
        && Name == other.Name
        && Package == other.Package
        && FactoryType == other.FactoryType
        && DsnOptional == other.DsnOptional
        && Options.SequenceEqual(other.Options);

    public override bool Equals(object? obj) => Equals(obj as BackendDeclaration);

    public override int GetHashCode()
    {
        unchecked
        {
            var hash = ((int)Kind * 397) ^ StringComparer.Ordinal.GetHashCode(Name);
            hash = (hash * 397) ^ StringComparer.Ordinal.GetHashCode(FactoryType);
            return (hash * 397) ^ Options.Length;
        }
    }
}

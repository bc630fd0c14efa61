using System.Collections.Immutable;

namespace Chronos.Storage.Providers;

/// <summary>What validation needs to know about a backend, whatever kind of store it opens.</summary>
internal interface IBackendInfo
{
    /// <summary>The value of <c>backend:</c> in the configuration.</summary>
    string Name { get; }

    /// <summary>The package (assembly) that adds it.</summary>
    string Package { get; }

    /// <summary>The keys accepted under <c>options:</c>, sorted.</summary>
    ImmutableArray<string> Options { get; }

    /// <summary>True when the backend opens without a DSN.</summary>
    bool DsnOptional { get; }
}

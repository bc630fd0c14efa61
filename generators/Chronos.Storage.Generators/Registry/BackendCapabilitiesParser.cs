using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Chronos.Storage.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Chronos.Storage.Generators.Registry;

/// <summary>
/// Reads <c>[assembly: StorageBackendCapabilities(...)]</c> from every assembly the compilation references, from
/// metadata (no reflection, nothing at run time), so that the analyzer knows what the application's backends cannot
/// index without the generator listing any backend.
/// </summary>
internal static class BackendCapabilitiesParser
{
    public const string AttributeName = "Chronos.Storage.Providers.StorageBackendCapabilitiesAttribute";

    /// <summary>The declarations of the referenced adapters, ordered by assembly name; empty without Chronos.Storage.</summary>
    public static ImmutableArray<BackendCapabilities> Parse(Compilation compilation, CancellationToken cancellationToken)
    {
        var attributeType = compilation.GetTypeByMetadataName(AttributeName);
        if (attributeType is null) return ImmutableArray<BackendCapabilities>.Empty;
        var runtime = attributeType.ContainingAssembly;
        var declared = ImmutableArray.CreateBuilder<BackendCapabilities>();
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols.OrderBy(a => a.Name, System.StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!BackendTableParser.DependsOn(assembly, runtime)) continue;
            foreach (var attribute in assembly.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType)) continue;
                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string { Length: > 0 } displayName) continue;
                var limitation = attribute.NamedArguments
                    .Where(a => a.Key == "JsonIndexLimitation")
                    .Select(a => a.Value.Value as string)
                    .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
                declared.Add(new BackendCapabilities(assembly.Name, displayName, limitation));
            }
        }
        return declared.ToImmutable();
    }
}

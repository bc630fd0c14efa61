using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Chronos.Storage.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Chronos.Storage.Generators.Registry;

/// <summary>
/// Reads the backend attributes of the compilation's own assembly and of every referenced assembly that depends on
/// Chronos.Storage, and reduces them to a <see cref="BackendTable"/>.
/// </summary>
internal static class BackendTableParser
{
    public const string StorageBackendAttribute = "Chronos.Storage.Providers.StorageBackendAttribute`1";
    public const string VectorBackendAttribute = "Chronos.Storage.Providers.VectorBackendAttribute`1";

    /// <summary>
    /// The table, or null when the compilation does not reference Chronos.Storage or is Chronos.Storage itself
    /// (a library that defines the registry has no application to register into).
    /// </summary>
    public static BackendTable? Parse(Compilation compilation, CancellationToken cancellationToken)
    {
        var storageAttribute = compilation.GetTypeByMetadataName(StorageBackendAttribute);
        if (storageAttribute is null) return null;
        var runtime = storageAttribute.ContainingAssembly;
        if (SymbolEqualityComparer.Default.Equals(runtime, compilation.Assembly)) return null;
        var vectorAttribute = compilation.GetTypeByMetadataName(VectorBackendAttribute);

        var backends = new List<BackendDeclaration>();
        var skipped = new List<string>();
        Collect(compilation.Assembly, compilation, storageAttribute, vectorAttribute, backends, skipped);
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Only assemblies built against Chronos.Storage can carry its attributes: skip the framework cheaply.
            if (DependsOn(assembly, runtime))
            {
                Collect(assembly, compilation, storageAttribute, vectorAttribute, backends, skipped);
            }
        }

        return new BackendTable(
            backends
                .OrderBy(b => b.Kind)
                .ThenBy(b => b.Name, System.StringComparer.Ordinal)
                .ThenBy(b => b.Package, System.StringComparer.Ordinal)
                .ToEquatableArray(),
            skipped.OrderBy(s => s, System.StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>True when <paramref name="assembly"/> is or references Chronos.Storage: only those can carry its attributes.</summary>
    public static bool DependsOn(IAssemblySymbol assembly, IAssemblySymbol runtime) =>
        SymbolEqualityComparer.Default.Equals(assembly, runtime)
        || assembly.Modules.Any(module => module.ReferencedAssemblies.Any(reference => reference.Name == runtime.Name));

    private static void Collect(
        IAssemblySymbol assembly,
        Compilation compilation,
        INamedTypeSymbol storageAttribute,
        INamedTypeSymbol? vectorAttribute,
        List<BackendDeclaration> backends,
        List<string> skipped)
    {
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass is not { IsGenericType: true, TypeArguments.Length: 1 } attributeClass) continue;
            var definition = attributeClass.OriginalDefinition;
            BackendKind kind;
            if (SymbolEqualityComparer.Default.Equals(definition, storageAttribute)) kind = BackendKind.Storage;
            else if (vectorAttribute is not null && SymbolEqualityComparer.Default.Equals(definition, vectorAttribute)) kind = BackendKind.Vector;
            else continue;

            if (attributeClass.TypeArguments[0] is not INamedTypeSymbol factory || factory.TypeKind == TypeKind.Error) continue;
            if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string { Length: > 0 } name) continue;

            string? package = null;
            var options = EquatableArray<string>.Empty;
            var dsnOptional = false;
            foreach (var argument in attribute.NamedArguments)
            {
                switch (argument.Key)
                {
                    case "Package" when argument.Value.Value is string value:
                        package = value;
                        break;
                    case "Options" when argument.Value.Kind == TypedConstantKind.Array && !argument.Value.IsNull:
                        options = argument.Value.Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToEquatableArray();
                        break;
                    case "DsnOptional" when argument.Value.Value is bool value:
                        dsnOptional = value;
                        break;
                }
            }

            var factoryName = factory.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            if (!compilation.IsSymbolAccessibleWithin(factory, compilation.Assembly))
            {
                skipped.Add($"{kind} backend '{name}' from {assembly.Name}: {factoryName} is not public");
                continue;
            }
            backends.Add(new BackendDeclaration(kind, name, package ?? assembly.Name, factoryName, options, dsnOptional));
        }
    }
}

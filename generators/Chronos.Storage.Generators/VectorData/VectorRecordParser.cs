using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Chronos.Storage.Generators.VectorData;

/// <summary>A problem found in an MEVD record: the rule, the message and where.</summary>
internal sealed record VectorRecordProblem(string RuleId, string Message, Location? Location);

/// <summary>
/// Reads a type whose properties carry MEVD's <c>[VectorStoreKey]</c>, <c>[VectorStoreData]</c> and
/// <c>[VectorStoreVector]</c> attributes into a <see cref="VectorRecordModel"/>, or the problems that stop the mapping
/// (CHR50xx). The generator and the analyzer both call it, so what is reported and what is generated cannot disagree.
/// </summary>
internal static class VectorRecordParser
{
    public const string KeyAttribute = "Microsoft.Extensions.VectorData.VectorStoreKeyAttribute";
    public const string DataAttribute = "Microsoft.Extensions.VectorData.VectorStoreDataAttribute";
    public const string VectorAttribute = "Microsoft.Extensions.VectorData.VectorStoreVectorAttribute";
    /// <summary>Present when the compilation references Chronos.VectorData: only then are mappings generated and rules reported.</summary>
    public const string MappingBase = "Chronos.VectorData.VectorRecordMapping`2";

    private static readonly HashSet<string> ScalarTypes =
    [
        "string", "bool", "int", "long", "short", "float", "double", "decimal", "System.Guid", "System.DateTime", "System.DateTimeOffset",
    ];

    private static readonly HashSet<string> KeyTypes = ["string", "System.Guid", "int", "long"];

    private static readonly HashSet<string> ListInterfaces =
    [
        "System.Collections.Generic.List<T>", "System.Collections.Generic.IList<T>", "System.Collections.Generic.IReadOnlyList<T>",
        "System.Collections.Generic.ICollection<T>", "System.Collections.Generic.IReadOnlyCollection<T>", "System.Collections.Generic.IEnumerable<T>",
    ];

    private static readonly HashSet<string> Distances = ["CosineSimilarity", "CosineDistance"];
    private static readonly HashSet<string> IndexKinds = ["Flat", "Hnsw"];

    /// <summary>True when any property of <paramref name="type"/> carries one of the three attributes.</summary>
    public static bool IsVectorRecord(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IPropertySymbol>().Any(p => p.GetAttributes().Any(a => Role(a) is not null));

    public static (VectorRecordModel? Model, List<VectorRecordProblem> Problems) Parse(INamedTypeSymbol type)
    {
        var problems = new List<VectorRecordProblem>();
        var where = type.Locations.FirstOrDefault();
        var name = type.Name;
        if (type.IsGenericType || type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic)
        {
            problems.Add(new(RuleIds.VectorRecordShape, $"'{name}' must be a non-generic, non-abstract class or record class to be mapped to a Chronos vector store.", where));
        }
        if (!IsAccessible(type))
        {
            problems.Add(new(RuleIds.VectorRecordShape, $"'{name}' must be public or internal (and so must every type containing it) for the generated mapping to use it.", where));
        }
        if (!type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
        {
            problems.Add(new(RuleIds.VectorRecordShape, $"'{name}' needs a public or internal parameterless constructor: the generated mapping creates records with an object initializer.", where));
        }

        var properties = new List<VectorPropertyModel>();
        var keys = new List<IPropertySymbol>();
        var vectors = new List<IPropertySymbol>();
        foreach (var property in AllProperties(type))
        {
            var attribute = property.GetAttributes().FirstOrDefault(a => Role(a) is not null);
            if (attribute is null)
            {
                if (property.IsRequired)
                {
                    problems.Add(new(RuleIds.VectorRecordShape, $"'{name}.{property.Name}' is required but has no [VectorStoreKey], [VectorStoreData] or [VectorStoreVector]: the mapping could not set it when reading records back.", property.Locations.FirstOrDefault()));
                }
                continue;
            }
            var role = Role(attribute)!.Value;
            var location = property.Locations.FirstOrDefault();
            // Counted before the accessor check, so a key without a setter is reported once (CHR5007), not also as missing (CHR5001).
            if (role == VectorPropertyRole.Key) keys.Add(property);
            if (role == VectorPropertyRole.Vector) vectors.Add(property);
            if (property.IsStatic || property.IsIndexer || property.GetMethod is null || property.SetMethod is null
                || property.SetMethod.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)
                || property.GetMethod.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                problems.Add(new(RuleIds.VectorRecordShape, $"'{name}.{property.Name}' must be an instance property with an accessible getter and setter (set or init).", location));
                continue;
            }
            var storageName = Named(attribute, "StorageName") as string ?? property.Name;
            var typeDisplay = property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
                SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier | SymbolDisplayMiscellaneousOptions.UseSpecialTypes));
            switch (role)
            {
                case VectorPropertyRole.Key:
                    if (!KeyTypes.Contains(Plain(property.Type)))
                    {
                        problems.Add(new(RuleIds.VectorUnsupportedKey, $"Key '{name}.{property.Name}' has type {property.Type.ToDisplayString()}; Chronos vector keys are string, Guid, int or long.", location));
                    }
                    if (Named(attribute, "IsAutoGenerated") is true)
                    {
                        problems.Add(new(RuleIds.VectorUnsupportedSetting, $"Key '{name}.{property.Name}' is IsAutoGenerated = true; Chronos vector stores do not generate keys: set the key of every record.", location));
                    }
                    properties.Add(new(property.Name, storageName, role, typeDisplay, Plain(property.Type), VectorValueShape.Scalar, property.Type.IsReferenceType, 0, null, null));
                    break;
                case VectorPropertyRole.Data:
                    var (shape, element) = Shape(property.Type);
                    if (element is null || !ScalarTypes.Contains(Plain(element)))
                    {
                        problems.Add(new(RuleIds.VectorUnsupportedDataType,
                            $"Data property '{name}.{property.Name}' has type {property.Type.ToDisplayString()}; supported are string, bool, int, long, short, float, double, decimal, Guid, DateTime, DateTimeOffset (nullable too) and arrays or lists of them.", location));
                        continue;
                    }
                    properties.Add(new(property.Name, storageName, role, typeDisplay,
                        element.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes)),
                        shape, property.Type.IsReferenceType, 0, null, null));
                    break;
                case VectorPropertyRole.Vector:
                    var vectorType = Plain(property.Type);
                    if (vectorType is not ("System.ReadOnlyMemory<float>" or "float[]" or "string" or "Microsoft.Extensions.AI.Embedding<float>"))
                    {
                        problems.Add(new(RuleIds.VectorUnsupportedVectorType,
                            $"Vector '{name}.{property.Name}' has type {property.Type.ToDisplayString()}; use ReadOnlyMemory<float>, float[], Embedding<float>, or string (embedded by an IEmbeddingGenerator).", location));
                    }
                    var dimensions = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int d ? d : 0;
                    if (dimensions <= 0)
                    {
                        problems.Add(new(RuleIds.VectorUnsupportedVectorType, $"Vector '{name}.{property.Name}' needs a positive dimension: [VectorStoreVector(dimensions)].", location));
                    }
                    var distance = Named(attribute, "DistanceFunction") as string;
                    if (distance is not null && !Distances.Contains(distance))
                    {
                        problems.Add(new(RuleIds.VectorUnsupportedSetting,
                            $"Vector '{name}.{property.Name}' asks for DistanceFunction '{distance}'; Chronos searches by cosine similarity on every backend: use CosineSimilarity (score = similarity) or CosineDistance (score = 1 - similarity).", location));
                    }
                    var indexKind = Named(attribute, "IndexKind") as string;
                    if (indexKind is not null && !IndexKinds.Contains(indexKind))
                    {
                        problems.Add(new(RuleIds.VectorUnsupportedSetting,
                            $"Vector '{name}.{property.Name}' asks for IndexKind '{indexKind}'; Chronos uses each backend's own index (exact on the embedded store, HNSW on the services): leave it unset, or use Flat or Hnsw.", location));
                    }
                    properties.Add(new(property.Name, storageName, role, typeDisplay, vectorType, VectorValueShape.Scalar, property.Type.IsReferenceType, dimensions, distance, indexKind));
                    break;
            }
        }
        if (keys.Count != 1)
        {
            problems.Add(new(RuleIds.VectorKeyCount,
                keys.Count == 0
                    ? $"'{name}' has no [VectorStoreKey] property; a Chronos vector record needs exactly one key."
                    : $"'{name}' has {keys.Count} [VectorStoreKey] properties ({string.Join(", ", keys.Select(k => k.Name))}); a Chronos vector record needs exactly one key.",
                keys.Count == 0 ? where : keys[1].Locations.FirstOrDefault()));
        }
        if (vectors.Count != 1)
        {
            problems.Add(new(RuleIds.VectorCount,
                vectors.Count == 0
                    ? $"'{name}' has no [VectorStoreVector] property; a Chronos embedding has exactly one vector."
                    : $"'{name}' has {vectors.Count} [VectorStoreVector] properties ({string.Join(", ", vectors.Select(v => v.Name))}); a Chronos embedding has exactly one vector.",
                vectors.Count == 0 ? where : vectors[1].Locations.FirstOrDefault()));
        }
        var storage = new HashSet<string>();
        foreach (var property in properties.Where(p => p.Role == VectorPropertyRole.Data))
        {
            if (!storage.Add(property.StorageName) || property.StorageName.StartsWith("chronos_", System.StringComparison.Ordinal) || !IsIdentifier(property.StorageName))
            {
                problems.Add(new(RuleIds.VectorUnsupportedDataType,
                    $"Data property '{name}.{property.Name}': storage name '{property.StorageName}' must be unique, an identifier (a letter or '_', then letters, digits or '_', at most 64) and must not start with 'chronos_'.",
                    AllProperties(type).First(p => p.Name == property.Name).Locations.FirstOrDefault()));
            }
        }
        if (problems.Count > 0)
        {
            return (null, problems);
        }
        var ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
        var key = properties.First(p => p.Role == VectorPropertyRole.Key);
        return (new VectorRecordModel(ns, FlatName(type), type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), IsPublic(type),
            key.ValueTypeDisplay == "System.Guid" ? "global::System.Guid" : key.ValueTypeDisplay, properties.ToEquatableArray()), problems);
    }

    private static IEnumerable<IPropertySymbol> AllProperties(INamedTypeSymbol type)
    {
        var seen = new HashSet<string>();
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
            {
                if (seen.Add(property.Name))
                {
                    yield return property;
                }
            }
        }
    }

    private static VectorPropertyRole? Role(AttributeData attribute) => attribute.AttributeClass?.ToDisplayString() switch
    {
        KeyAttribute => VectorPropertyRole.Key,
        DataAttribute => VectorPropertyRole.Data,
        VectorAttribute => VectorPropertyRole.Vector,
        _ => null,
    };

    private static object? Named(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name) return pair.Value.Value;
        }
        return null;
    }

    // The type without nullable annotations, as C# spells it ("string", "System.Guid", "System.ReadOnlyMemory<float>").
    private static string Plain(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }
        return type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes).RemoveMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier));
    }

    private static (VectorValueShape Shape, ITypeSymbol? Element) Shape(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array)
        {
            return (VectorValueShape.Array, array.ElementType);
        }
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
            && generic.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T
            && ListInterfaces.Contains(generic.OriginalDefinition.ToDisplayString()))
        {
            return (VectorValueShape.List, generic.TypeArguments[0]);
        }
        return (VectorValueShape.Scalar, type);
    }

    private static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 64 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_'));

    private static bool IsAccessible(INamedTypeSymbol type)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = named.ContainingType)
        {
            if (named.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal)) return false;
        }
        return true;
    }

    private static bool IsPublic(INamedTypeSymbol type)
    {
        for (ISymbol? current = type; current is INamedTypeSymbol named; current = named.ContainingType)
        {
            if (named.DeclaredAccessibility != Accessibility.Public) return false;
        }
        return true;
    }

    // Nested types get their containing types' names in front (Outer_Inner), so mapping class names cannot collide.
    private static string FlatName(INamedTypeSymbol type) => type.ContainingType is { } outer ? FlatName(outer) + "_" + type.Name : type.Name;
}

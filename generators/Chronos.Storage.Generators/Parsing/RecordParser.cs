using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Chronos.Storage.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Chronos.Storage.Generators.Parsing;

/// <summary>Reads a <c>[StorageEntity]</c> type symbol into a <see cref="RecordModel"/>.</summary>
internal static class RecordParser
{
    public const string AttributeName = "Chronos.Storage.StorageEntityAttribute";

    public static RecordModel Parse(INamedTypeSymbol type, AttributeData? attribute, CancellationToken cancellationToken)
    {
        var specName = attribute?.ConstructorArguments.FirstOrDefault().Value as string ?? type.Name;
        var properties = new List<PropertyModel>();
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (member is not IPropertySymbol property || property.IsStatic || property.IsIndexer || property.IsImplicitlyDeclared
                || property.DeclaredAccessibility != Microsoft.CodeAnalysis.Accessibility.Public
                || property.SetMethod is null || property.Name == "EqualityContract")
            {
                continue;
            }
            var (shape, nullable) = Classify(property.Type, property.NullableAnnotation);
            var location = property.Locations.FirstOrDefault()?.GetLineSpan();
            properties.Add(new PropertyModel(
                property.Name,
                property.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat.WithMiscellaneousOptions(
                    SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier | SymbolDisplayMiscellaneousOptions.UseSpecialTypes)),
                shape,
                nullable,
                (location?.StartLinePosition.Line ?? 0) + 1,
                (location?.StartLinePosition.Character ?? 0) + 1,
                property.IsRequired));
        }
        var isPartial = type.DeclaringSyntaxReferences.Any(r =>
            r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(m => m.Text == "partial"));
        var declaration = type.Locations.FirstOrDefault()?.GetLineSpan();
        return new RecordModel(
            type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
            type.Name,
            type.DeclaredAccessibility == Microsoft.CodeAnalysis.Accessibility.Public ? "public" : "internal",
            specName,
            type.IsRecord,
            isPartial,
            type.ContainingType is not null,
            properties.ToEquatableArray(),
            declaration?.Path ?? string.Empty,
            (declaration?.StartLinePosition.Line ?? 0) + 1);
    }

    /// <summary>The CLR shape of a property type and whether it admits null.</summary>
    public static (ClrShape Shape, bool Nullable) Classify(ITypeSymbol type, NullableAnnotation annotation)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableValue)
        {
            return (Classify(nullableValue.TypeArguments[0], NullableAnnotation.NotAnnotated).Shape, true);
        }
        if (type.TypeKind == TypeKind.Error) return (ClrShape.Unresolved, false);
        var referenceNullable = type.IsReferenceType && annotation == NullableAnnotation.Annotated;
        var shape = type.SpecialType switch
        {
            SpecialType.System_String => ClrShape.String,
            SpecialType.System_Int32 => ClrShape.Int32,
            SpecialType.System_Int64 => ClrShape.Int64,
            SpecialType.System_Double => ClrShape.Double,
            SpecialType.System_Boolean => ClrShape.Boolean,
            SpecialType.System_DateTime => ClrShape.DateTime,
            _ => type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString() switch
            {
                "System.Text.Json.Nodes.JsonNode" => ClrShape.JsonNode,
                "System.Text.Json.Nodes.JsonObject" => ClrShape.JsonObject,
                "System.Text.Json.Nodes.JsonArray" => ClrShape.JsonArray,
                _ => ClrShape.Unsupported,
            },
        };
        return (shape, referenceNullable);
    }
}

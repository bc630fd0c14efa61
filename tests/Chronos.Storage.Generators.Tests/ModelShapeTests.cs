using System.Reflection;
using Chronos.Storage.Generators.Model;
using Xunit;

namespace Chronos.Storage.Generators.Tests;

/// <summary>
/// The incremental pipeline caches only if every model compares by value and holds no Roslyn object (a symbol,
/// node, location or compilation would root the compilation and defeat caching). Checked by reflection over the
/// generator assembly, so a new model type is covered without editing this test.
/// </summary>
public sealed class ModelShapeTests
{
    private static readonly string[] ModelNamespaces =
    [
        "Chronos.Storage.Generators.Model",
        "Chronos.Storage.Generators.Spec",
        "Chronos.Storage.Generators.Parsing",
    ];

    // YAML nodes and the parsers' private cursors live only inside one parse call and never enter the pipeline.

    public static TheoryData<Type> ModelTypes()
    {
        var data = new TheoryData<Type>();
        foreach (var type in PipelineModelTypes()) data.Add(type);
        return data;
    }

    private static IEnumerable<Type> PipelineModelTypes()
    {
        foreach (var type in typeof(EntityModel).Assembly.GetTypes())
        {
            if (type.Namespace is { } ns && ModelNamespaces.Contains(ns) && !type.IsAbstract && !type.IsEnum && !type.IsInterface
                && !type.Name.StartsWith('<') && !type.Name.StartsWith("Yaml", StringComparison.Ordinal) && !IsStaticClass(type)
                && type.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null
                && type.DeclaringType?.Name is not ("YamlReader" or "SchemaSpecParser"))
            {
                yield return type.IsGenericTypeDefinition ? type.MakeGenericType(typeof(int)) : type;
            }
        }
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_type_is_equatable_to_itself(Type type)
    {
        Assert.True(typeof(IEquatable<>).MakeGenericType(type).IsAssignableFrom(type), $"{type.Name} must implement IEquatable<{type.Name}>");
    }

    [Theory]
    [MemberData(nameof(ModelTypes))]
    public void Model_type_holds_no_roslyn_type_and_no_plain_collection(Type type)
    {
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>)) continue;
            foreach (var part in Flatten(field.FieldType))
            {
                Assert.False(part.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ?? false,
                    $"{type.Name}.{field.Name} holds Roslyn type {part.Name}");
                Assert.False(part.IsArray || (part.IsGenericType && part.GetGenericTypeDefinition() == typeof(List<>)),
                    $"{type.Name}.{field.Name} is a {part.Name}, which compares by reference; use EquatableArray<T>");
            }
        }
    }

    [Fact]
    public void The_shape_tests_see_the_pipeline_models()
    {
        var names = PipelineModelTypes().Select(t => t.Name).ToHashSet();
        Assert.Contains(nameof(EntityModel), names);
        Assert.Contains("RecordModel", names);
        Assert.Contains("SpecDocument", names);
        Assert.Contains("FieldModel", names);
    }

    private static bool IsStaticClass(Type type) => type.IsAbstract && type.IsSealed;

    private static IEnumerable<Type> Flatten(Type type)
    {
        yield return type;
        if (type.HasElementType) foreach (var t in Flatten(type.GetElementType()!)) yield return t;
        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : []) foreach (var t in Flatten(argument)) yield return t;
    }
}

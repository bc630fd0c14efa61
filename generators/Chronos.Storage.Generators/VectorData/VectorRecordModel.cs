using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.VectorData;

/// <summary>What a property of an MEVD record is to the mapping.</summary>
internal enum VectorPropertyRole
{
    Key,
    Data,
    Vector,
}

/// <summary>How a value is read back from metadata: one value, an array, or a list.</summary>
internal enum VectorValueShape
{
    Scalar,
    Array,
    List,
}

/// <summary>One mapped property (equatable, so the generator pipeline caches).</summary>
internal sealed record VectorPropertyModel(
    string Name,
    string StorageName,
    VectorPropertyRole Role,
    string TypeDisplay,
    string ValueTypeDisplay,
    VectorValueShape Shape,
    bool IsReferenceType,
    int Dimensions,
    string? DistanceFunction,
    string? IndexKind);

/// <summary>An MEVD-attributed record the mapping can handle.</summary>
internal sealed record VectorRecordModel(
    string Namespace,
    string TypeName,
    string FullyQualifiedName,
    bool IsPublic,
    string KeyTypeDisplay,
    EquatableArray<VectorPropertyModel> Properties);

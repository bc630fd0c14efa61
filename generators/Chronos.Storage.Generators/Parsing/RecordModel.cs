using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Parsing;

/// <summary>A <c>[StorageEntity]</c> type reduced to plain data (no symbols), as the pipeline's first cached step.</summary>
internal sealed record RecordModel(
    string Namespace,
    string TypeName,
    string Accessibility,
    string SpecName,
    bool IsRecord,
    bool IsPartial,
    bool IsNested,
    EquatableArray<PropertyModel> Properties,
    string FilePath,
    int Line);

/// <summary>A settable public instance property of the record (<paramref name="IsRequired"/>: declared <c>required</c>).</summary>
internal sealed record PropertyModel(string Name, string TypeDisplay, ClrShape Shape, bool IsNullable, int Line, int Column, bool IsRequired = false);

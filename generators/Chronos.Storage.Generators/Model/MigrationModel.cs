namespace Chronos.Storage.Generators.Model;

/// <summary>One version of the history: the steps that reached <paramref name="Version"/> from the one before.</summary>
internal sealed record MigrationVersionModel(int Version, EquatableArray<MigrationStepModel> Steps);

/// <summary>
/// One history step resolved against the current spec: an added field's kind, nullability, effective default (JSON
/// text) and current ordinal (-1 when a later version drops it); an added index's position in the current indexes
/// (-1 when dropped later).
/// </summary>
internal sealed record MigrationStepModel(
    MigrationStepKind Kind,
    string Name,
    string? NewName,
    StorageKind FieldKind,
    bool IsNullable,
    string DefaultJson,
    int Ordinal,
    int IndexPosition);


namespace Chronos.Storage.Schema;

/// <summary>
/// One backend-neutral step of the spec's history, as generated. Names are those of the version the step belongs to;
/// <see cref="Ordinal"/> and <see cref="IndexPosition"/> point into the code's current <see cref="EntitySchema"/>
/// (-1 when a later version dropped the field or index again, so a backend has nothing of it to build).
/// </summary>
/// <param name="Kind">What the step does.</param>
/// <param name="Name">The field's storage name or the index's name.</param>
/// <param name="NewName">The new storage name of a renamed field; null otherwise.</param>
/// <param name="FieldKind">An added field's kind (<see cref="Schema.FieldKind.Json"/> when it was dropped later).</param>
/// <param name="IsNullable">Whether an added field is nullable.</param>
/// <param name="DefaultJson">An added field's value in existing records, as JSON text (<c>null</c> for a nullable field without default).</param>
/// <param name="Ordinal">An added field's ordinal in the current schema, or -1.</param>
/// <param name="IndexPosition">An added index's position in the current schema's indexes, or -1.</param>
public sealed record MigrationStep(
    MigrationStepKind Kind,
    string Name,
    string? NewName,
    FieldKind FieldKind,
    bool IsNullable,
    string DefaultJson,
    int Ordinal,
    int IndexPosition)
{
    /// <summary>An <see cref="MigrationStepKind.AddField"/> step. Called by generated code.</summary>
    public static MigrationStep AddField(string name, FieldKind kind, bool isNullable, string defaultJson, int ordinal) =>
        new(MigrationStepKind.AddField, name, null, kind, isNullable, defaultJson, ordinal, -1);

    /// <summary>A <see cref="MigrationStepKind.DropField"/> step. Called by generated code.</summary>
    public static MigrationStep DropField(string name) => new(MigrationStepKind.DropField, name, null, default, true, "null", -1, -1);

    /// <summary>A <see cref="MigrationStepKind.RenameField"/> step. Called by generated code.</summary>
    public static MigrationStep RenameField(string name, string newName) => new(MigrationStepKind.RenameField, name, newName, default, true, "null", -1, -1);

    /// <summary>An <see cref="MigrationStepKind.AddIndex"/> step. Called by generated code.</summary>
    public static MigrationStep AddIndex(string name, int indexPosition) => new(MigrationStepKind.AddIndex, name, null, default, true, "null", -1, indexPosition);

    /// <summary>A <see cref="MigrationStepKind.DropIndex"/> step. Called by generated code.</summary>
    public static MigrationStep DropIndex(string name) => new(MigrationStepKind.DropIndex, name, null, default, true, "null", -1, -1);
}

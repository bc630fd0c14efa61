// One source of truth for the migration step kinds: compiled into the runtime (public) and linked into the generator
// (internal, in its model namespace), which cannot reference the runtime. The generator defines CHRONOS_STORAGE_GENERATOR.
// Member names are what generated code spells (MigrationStepKind.AddField), so they must stay the same in both.
#if CHRONOS_STORAGE_GENERATOR
namespace Chronos.Storage.Generators.Model;
#else
namespace Chronos.Storage.Schema;
#endif

/// <summary>What one migration step changes.</summary>
#if CHRONOS_STORAGE_GENERATOR
internal
#else
public
#endif
enum MigrationStepKind
{
    /// <summary>A new field; existing records get <see cref="MigrationStep.DefaultJson"/>.</summary>
    AddField,

    /// <summary>A field no longer stored; existing values are removed.</summary>
    DropField,

    /// <summary>A field whose storage name changed from <see cref="MigrationStep.Name"/> to <see cref="MigrationStep.NewName"/>.</summary>
    RenameField,

    /// <summary>A new declared index.</summary>
    AddIndex,

    /// <summary>A declared index that no longer exists.</summary>
    DropIndex,
}

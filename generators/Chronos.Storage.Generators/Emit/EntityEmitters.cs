using System;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Emit;

/// <summary>
/// Every per-entity emitter, each writing its own file (hint suffix) from the same <see cref="EntityModel"/>.
/// A backend's emitter joins by adding one line here; none of the others change.
/// </summary>
internal static class EntityEmitters
{
    public static readonly (string Suffix, Func<EntityModel, string> Emit)[] All =
    {
        ("Contract", ContractEmitter.Emit),
        ("Sql", SqlEmitter.Emit),
        ("Json", JsonContractEmitter.Emit),
        ("Migrations", MigrationEmitter.Emit),
    };
}

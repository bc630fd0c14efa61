using System.Collections.Immutable;

namespace Chronos.Storage.Schema;

/// <summary>
/// An entity's generated migration history: one <see cref="MigrationVersion"/> per version above 1, ascending.
/// Generated from the spec's <c>history</c>, so every backend migrates from the same steps.
/// </summary>
/// <param name="Versions">Versions 2..current, ascending.</param>
public sealed record MigrationPlan(ImmutableArray<MigrationVersion> Versions)
{
    /// <summary>A plan with no steps (an entity still at version 1).</summary>
    public static MigrationPlan None { get; } = new(ImmutableArray<MigrationVersion>.Empty);
}

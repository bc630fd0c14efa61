using System.Collections.Generic;
using System.Linq;

namespace Chronos.Storage.Generators.Spec;

/// <summary>
/// Collisions between entities, which one file's parser cannot see: two entities (in one spec file or in two) with
/// the same storage name would share a table, collection or key prefix on every backend (CHR1003).
/// </summary>
internal static class SpecCollisions
{
    /// <summary>Problems located in the later of each colliding pair, in document order.</summary>
    public static IEnumerable<SpecProblem> Check(IReadOnlyList<SpecDocument> documents)
    {
        var seenStorage = new Dictionary<string, SpecEntity>(System.StringComparer.Ordinal);
        var seenNames = new Dictionary<string, SpecEntity>(System.StringComparer.Ordinal);
        foreach (var entity in documents.SelectMany(d => d.Entities))
        {
            if (seenNames.TryGetValue(entity.Name, out var sameName))
            {
                // Within one file the parser already refuses the duplicate; across files it is a collision.
                yield return new SpecProblem(RuleIds.StorageNameCollision,
                    $"entity '{entity.Name}' is also declared at {sameName.Location}; each entity must be declared once across all schema specs",
                    entity.Location);
                continue;
            }
            seenNames.Add(entity.Name, entity);
            if (seenStorage.TryGetValue(entity.StorageName, out var sameStorage))
            {
                yield return new SpecProblem(RuleIds.StorageNameCollision,
                    $"entity '{entity.Name}' has storage name '{entity.StorageName}', already used by entity '{sameStorage.Name}' at {sameStorage.Location}; both would share one table, collection and key prefix on every backend",
                    entity.Location);
                continue;
            }
            seenStorage.Add(entity.StorageName, entity);
        }
    }
}

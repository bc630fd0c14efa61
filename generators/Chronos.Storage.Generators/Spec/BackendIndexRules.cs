using System.Collections.Generic;
using System.Linq;
using Chronos.Storage.Generators.Model;

namespace Chronos.Storage.Generators.Spec;

/// <summary>
/// Checks a spec entity's indexes against what the backends an application references declared they cannot index
/// (CHR3002, from their <c>StorageBackendCapabilities</c> attributes). Depends on the compilation's references, so the
/// analyzer runs it; the spec parser stays backend-neutral.
/// </summary>
internal static class BackendIndexRules
{
    public static IEnumerable<SpecProblem> Check(SpecEntity entity, IEnumerable<BackendCapabilities> backends)
    {
        var limited = backends.Where(b => b.JsonIndexLimitation is not null).ToList();
        if (limited.Count == 0) yield break;
        foreach (var index in entity.Indexes)
        {
            var used = index.Match.Select(m => (Field: m, Role: "match")).Concat(index.Order.Select(o => (o.Field, Role: "order")));
            foreach (var (fieldName, role) in used)
            {
                var field = entity.Fields.FirstOrDefault(f => f.Name == fieldName);
                if (field is null || field.Kind != StorageKind.Json) continue;
                foreach (var backend in limited)
                {
                    yield return new SpecProblem(RuleIds.UnindexableField,
                        $"entity '{entity.Name}' index '{index.Name}': json field '{field.Name}' (property '{field.Property}') is a {role} field, which {backend.DisplayName} cannot index: {backend.JsonIndexLimitation}; index a scalar field instead",
                        index.Location);
                }
            }
        }
    }
}

namespace Chronos.Storage;

/// <summary>
/// The limits every backend enforces the same way, checked once in the engine before anything is written, so that
/// whatever a store accepts it can read back exactly.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="MaxJsonDepth"/>: JSON fields (metadata, payloads, state, ...) may nest at most 64 containers.
/// Writers refuse deeper JSON with <see cref="StorageArgumentException"/>; readers parse with the same limit.</item>
/// <item>Strings (ids, keys, every string field) and JSON strings and property names must be valid UTF-16 (no lone
/// surrogate) and must not contain U+0000: PostgreSQL's text and jsonb cannot hold NUL, so no backend accepts it.</item>
/// <item>Numbers inside JSON must be finite (JSON has no NaN or Infinity).</item>
/// <item>A field that the schema declares non-nullable must not be null.</item>
/// </list>
/// </remarks>
public static class StorageLimits
{
    /// <summary>
    /// The deepest nesting of objects and arrays a JSON field may have: System.Text.Json's default reader depth, which
    /// also keeps a stored document well under MongoDB's 100-level BSON nesting limit. <c>{"a":[1]}</c> has depth 2.
    /// </summary>
    public const int MaxJsonDepth = 64;
}

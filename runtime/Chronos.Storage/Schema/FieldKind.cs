// One source of truth for the field kinds: compiled into the runtime as the public Chronos.Storage.Schema.FieldKind,
// and linked into the generator (which cannot reference the runtime; it targets netstandard2.0) as its internal
// StorageKind, the name its model and tests use. The generator defines CHRONOS_STORAGE_GENERATOR. Member names are
// what generated code spells (FieldKind.Int64), so they must stay the same in both.
#if CHRONOS_STORAGE_GENERATOR
namespace Chronos.Storage.Generators.Model;
#else
namespace Chronos.Storage.Schema;
#endif

/// <summary>The storage types a field can have. Every backend maps each kind one way, in one place.</summary>
#if CHRONOS_STORAGE_GENERATOR
internal enum StorageKind
#else
public enum FieldKind
#endif
{
    /// <summary>UTF-16 text; stored as UTF-8 where the backend has a choice.</summary>
    String,
    /// <summary>32-bit signed integer.</summary>
    Int32,
    /// <summary>64-bit signed integer.</summary>
    Int64,
    /// <summary>IEEE 754 double.</summary>
    Double,
    /// <summary>true/false.</summary>
    Boolean,
    /// <summary>A UTC instant with microsecond precision (PostgreSQL's limit, applied everywhere).</summary>
    DateTime,
    /// <summary>A JSON value (<see cref="System.Text.Json.Nodes.JsonNode"/>), stored natively where the backend can.</summary>
    Json,
}

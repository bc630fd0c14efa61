namespace Chronos.Storage.Schema;

/// <summary>The storage types a field can have. Every backend maps each kind one way, in one place.</summary>
public enum FieldKind
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

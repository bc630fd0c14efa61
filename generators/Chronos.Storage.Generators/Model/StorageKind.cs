namespace Chronos.Storage.Generators.Model;

/// <summary>The CLR shape of a property, which decides the visitor call and conversions in generated code.</summary>
internal enum ClrShape
{
    Unsupported,
    String,
    Int32,
    Int64,
    Double,
    Boolean,
    DateTime,
    JsonNode,
    JsonObject,
    JsonArray,

    /// <summary>A type the compiler could not resolve: the compiler reports it, and nothing is bound until it resolves.</summary>
    Unresolved,
}

internal static class StorageKindNames
{
    /// <summary>The spec's spelling of each kind.</summary>
    public static bool TryParse(string text, out StorageKind kind)
    {
        switch (text)
        {
            case "string": kind = StorageKind.String; return true;
            case "int32": kind = StorageKind.Int32; return true;
            case "int64": kind = StorageKind.Int64; return true;
            case "double": kind = StorageKind.Double; return true;
            case "bool": kind = StorageKind.Boolean; return true;
            case "datetime": kind = StorageKind.DateTime; return true;
            case "json": kind = StorageKind.Json; return true;
            default: kind = default; return false;
        }
    }

    public const string Valid = "string, int32, int64, double, bool, datetime, json";

    public static string ToSpec(StorageKind kind) => kind switch
    {
        StorageKind.String => "string",
        StorageKind.Int32 => "int32",
        StorageKind.Int64 => "int64",
        StorageKind.Double => "double",
        StorageKind.Boolean => "bool",
        StorageKind.DateTime => "datetime",
        _ => "json",
    };

    /// <summary>The storage kind a CLR shape maps to.</summary>
    public static StorageKind? ForShape(ClrShape shape) => shape switch
    {
        ClrShape.String => StorageKind.String,
        ClrShape.Int32 => StorageKind.Int32,
        ClrShape.Int64 => StorageKind.Int64,
        ClrShape.Double => StorageKind.Double,
        ClrShape.Boolean => StorageKind.Boolean,
        ClrShape.DateTime => StorageKind.DateTime,
        ClrShape.JsonNode or ClrShape.JsonObject or ClrShape.JsonArray => StorageKind.Json,
        _ => null,
    };
}

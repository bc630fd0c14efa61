namespace Chronos.Storage.Weaviate;

/// <summary>Names shared by the Weaviate store's parts.</summary>
internal static class WeaviateStore
{
    /// <summary>The property holding the original string id (objects are keyed by a stable UUID).</summary>
    public const string IdProperty = Chronos.Storage.Providers.VectorGuard.ReservedMetadataPrefix + "id";

    /// <summary>Weaviate class names start with a capital letter: <c>kb</c> becomes <c>Kb</c>.</summary>
    public static string ClassName(string collection) => char.ToUpperInvariant(collection[0]) + collection[1..];

    /// <summary>The class description records the dimension, which Weaviate itself does not keep.</summary>
    public const string DimensionMarker = "chronos vector collection; dimension=";
}

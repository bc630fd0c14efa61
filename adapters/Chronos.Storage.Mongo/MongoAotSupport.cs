using System.Diagnostics.CodeAnalysis;
using System.Dynamic;
using MongoDB.Bson.Serialization.Serializers;

namespace Chronos.Storage.Mongo;

/// <summary>
/// Keeps, under trimming and NativeAOT, the driver serializers that MongoDB.Bson creates by reflection on the paths this
/// adapter uses. Its serialization providers find a serializer type in a table and call its constructor through
/// <c>Type.GetConstructor</c>; nothing tells the trimmer those constructors are used, so it removes them and the lookup
/// throws <see cref="MissingMethodException"/>. Rooting them here leaves the driver's own lookup (and the user's
/// serializer registry) untouched: the same serializers are created as under the JIT.
/// </summary>
/// <remarks>
/// Every reply the driver reads, starting with the connection handshake's <c>hello</c>, builds a deserialization context
/// from <c>BsonDefaults.DynamicArraySerializer</c> (<c>List&lt;object&gt;</c>) and
/// <c>BsonDefaults.DynamicDocumentSerializer</c> (<see cref="ExpandoObject"/>), hence the first two. The list is what the
/// NativeAOT workload (tools/aot-check.sh) needs; a driver API that looks up another type fails the same way and
/// belongs here.
/// </remarks>
internal static class MongoAotSupport
{
    /// <summary>Called by every <see cref="MongoStorage"/> so that the trimmer keeps the dependencies below.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(EnumerableInterfaceImplementerSerializer<List<object>, object>))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicConstructors, typeof(ExpandoObjectSerializer))]
    public static void KeepReflectedSerializers()
    {
        // Intentionally empty: the attributes are the work, and they apply when this method is compiled in.
    }
}

using MongoDB.Bson;
using MongoDB.Bson.Serialization.Serializers;

namespace Chronos.Storage.Mongo;

/// <summary>
/// Under NativeAOT the driver's connection handshake looks up <see cref="BsonDefaults.DynamicArraySerializer"/> by
/// reflection (<c>EnumerableInterfaceImplementerSerializer&lt;List&lt;object&gt;, object&gt;</c>), whose constructor the
/// trimmer removes. Constructing it here, statically, keeps the code and skips the lookup.
/// Not sufficient yet: the handshake then needs <c>ExpandoObjectSerializer</c> the same way (see the adapter README).
/// </summary>
internal static class MongoAotSupport
{
    private static int _done;

    /// <summary>Installs the statically constructed serializers once per process.</summary>
    public static void EnsureSerializers()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1) return;
#pragma warning disable CS0618 // The setter is obsolete in favour of per-domain defaults, which the handshake does not use.
        BsonDefaults.DynamicArraySerializer = new EnumerableInterfaceImplementerSerializer<List<object>, object>();
#pragma warning restore CS0618
    }
}

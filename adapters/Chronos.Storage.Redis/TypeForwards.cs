using System.Runtime.CompilerServices;
using Chronos.Storage.Redis;

// RedisDsn and RedisStorageOptions moved to Chronos.Storage.Redis.Connection (shared with the Redis vector adapter,
// which must not depend on this storage adapter). Assemblies compiled against this package's earlier versions still
// find them here.
[assembly: TypeForwardedTo(typeof(RedisDsn))]
[assembly: TypeForwardedTo(typeof(RedisStorageOptions))]

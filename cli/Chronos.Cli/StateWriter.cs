using Chronos.Storage;
using Chronos.Storage.Schema;

namespace Chronos.Cli;

/// <summary>
/// Writes copied or imported records so that writing them again changes nothing (idempotent, hence resumable):
/// records are upserted as they are (versions and times kept); events go through the ledger's atomic append with
/// their sequence number, which returns the stored event when the id is already there and refuses a number taken by
/// another event.
/// </summary>
internal sealed class StateWriter(IStorage target)
{
    public Task WriteAsync<TEntity>(TEntity record, CancellationToken ct) where TEntity : class, IStorageEntity<TEntity> =>
        record is Event e ? target.AppendEventAsync(e, ct) : target.Entities<TEntity>().UpsertAsync(record, ct);
}

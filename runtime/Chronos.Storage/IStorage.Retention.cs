namespace Chronos.Storage;

/// <summary>Retention: see the README's "Retention and limits".</summary>
public partial interface IStorage
{
    /// <summary>
    /// Removes the agent's state that <paramref name="policy"/> no longer keeps, or with <paramref name="dryRun"/>
    /// only counts it. Ages are measured against <see cref="Providers.StorageEngine.TimeProvider"/>. Runs in short
    /// steps (a page read, single-record deletes), so it holds no long lock, and is safe to run from several processes
    /// at once: a record another pruner removed first is simply not counted again. A dry run's counts equal those of a
    /// real run on the same data at the same time.
    /// </summary>
    /// <param name="agentId">The agent whose sessions, memory and audit log are pruned (retention is configured per agent).</param>
    /// <param name="policy">The rules; an empty policy removes nothing.</param>
    /// <param name="dryRun">True to count without deleting.</param>
    /// <param name="cancellationToken">Cancels between steps; what was already removed stays removed.</param>
    /// <returns>What was removed, or would be, per entity.</returns>
    /// <exception cref="StorageArgumentException">An age is not positive, or <c>keep_latest</c> is negative.</exception>
    Task<PruneReport> PruneAsync(string agentId, RetentionPolicy policy, bool dryRun = false, CancellationToken cancellationToken = default);
}

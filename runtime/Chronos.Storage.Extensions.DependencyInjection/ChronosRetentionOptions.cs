namespace Chronos.Storage.Extensions.DependencyInjection;

/// <summary>How the retention sweeper registered by <c>AddChronosStorage</c> runs. Register your own instance to change it.</summary>
public sealed class ChronosRetentionOptions
{
    /// <summary>Time between sweeps (the first runs at start-up); one hour unless set.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>False to register nothing that sweeps: pruning is then left to <see cref="IStorage.PruneAsync"/> calls.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The clock the sweeper waits on; <see cref="TimeProvider.System"/> unless set (tests set a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

namespace Chronos.Storage.Configuration;

/// <summary>An agent listed under <c>agents:</c>, with its sections resolved against the defaults.</summary>
public sealed class AgentSettings
{
    internal AgentSettings(string id, ConfigurationLocation location, BackendSettings? storage, BackendSettings? vector, RetentionPolicy? retention)
    {
        Id = id;
        Location = location;
        Storage = storage;
        Vector = vector;
        Retention = retention;
    }

    /// <summary>The agent id.</summary>
    public string Id { get; }

    /// <summary>Where its <c>id</c> is written.</summary>
    public ConfigurationLocation Location { get; }

    /// <summary>Its storage, or null when neither it nor the defaults configure one.</summary>
    public BackendSettings? Storage { get; }

    /// <summary>Its vector store, or null when neither it nor the defaults configure one.</summary>
    public BackendSettings? Vector { get; }

    /// <summary>Its retention: the default rules with its own replacing them rule by rule; null when neither sets any.</summary>
    public RetentionPolicy? Retention { get; }

    /// <summary>
    /// Its JSON compression (<c>compression:</c>, its own or the defaults'), applied to the store
    /// <see cref="ChronosConfig.OpenStorageAsync(string, CancellationToken)"/> opens; null when off.
    /// </summary>
    public JsonCompression? Compression { get; internal init; }
}

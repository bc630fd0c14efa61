using Chronos.Storage.Providers;

namespace Chronos.Storage.Configuration;

/// <summary>
/// Turns a <see cref="ConfigurationNode"/> tree into validated settings. Knows the file's shape:
/// <c>defaults.{storage,vector}</c> and <c>agents[].{id,storage,vector}</c>, each section
/// <c>{backend, dsn, migrate, options}</c>. Throws on the first problem, naming its location and path.
/// </summary>
internal sealed partial class ChronosConfigReader
{
    private const string Storage = "storage";
    private const string Vector = "vector";
    private const string Retention = "retention";
    private static readonly string[] RootKeys = ["defaults", "agents"];
    private static readonly string[] DefaultsKeys = [Storage, Vector, Retention, CompressionKey];
    private static readonly string[] AgentKeys = ["id", Storage, Vector, Retention, CompressionKey];
    private static readonly string[] SectionKeys = ["backend", "dsn", "migrate", "options"];

    private readonly Func<string, string?> _getVariable;
    private readonly IBackendCatalog _storageBackends;
    private readonly IBackendCatalog _vectorBackends;

    public ChronosConfigReader(Func<string, string?> getVariable, IBackendCatalog storageBackends, IBackendCatalog vectorBackends)
    {
        _getVariable = getVariable;
        _storageBackends = storageBackends;
        _vectorBackends = vectorBackends;
    }

    /// <summary>The validated defaults and agents.</summary>
    public (BackendSettings? DefaultStorage, BackendSettings? DefaultVector, RetentionPolicy? DefaultRetention, IReadOnlyList<AgentSettings> Agents, JsonCompression? DefaultCompression) Read(ConfigurationNode root)
    {
        var rootMapping = root is ConfigurationScalar { Value: null }
            ? new ConfigurationMapping([], root.Location)
            : AsMapping(root, "(root)");
        CheckKeys(rootMapping, "", RootKeys);

        SectionSpec? defaultStorage = null, defaultVector = null;
        RetentionPolicy? defaultRetention = null;
        CompressionSetting? defaultCompression = null;
        if (Find(rootMapping, "defaults") is { } defaultsEntry && !IsNull(defaultsEntry.Value))
        {
            var defaults = AsMapping(defaultsEntry.Value, "defaults");
            CheckKeys(defaults, "defaults", DefaultsKeys);
            defaultStorage = ReadSection(defaults, Storage, "defaults");
            defaultVector = ReadSection(defaults, Vector, "defaults");
            defaultRetention = RetentionReader.Read(defaults, Retention, "defaults", inherited: null);
            defaultCompression = ReadCompression(defaults, "defaults");
        }

        var agents = new List<AgentSettings>();
        var firstById = new Dictionary<string, (ConfigurationLocation Location, string Path)>(StringComparer.Ordinal);
        if (Find(rootMapping, "agents") is { } agentsEntry && !IsNull(agentsEntry.Value))
        {
            if (agentsEntry.Value is not ConfigurationSequence sequence)
            {
                throw ConfigurationErrors.WrongShape(agentsEntry.Value, "agents", "a sequence of agents (- id: ...)");
            }
            for (var i = 0; i < sequence.Items.Count; i++)
            {
                var path = $"agents[{i}]";
                var agent = AsMapping(sequence.Items[i], path);
                CheckKeys(agent, path, AgentKeys);
                var id = ReadScalar(agent, "id", path)
                    ?? throw ConfigurationErrors.At(agent.Location, path, "missing 'id': every agent needs one.");
                if (id.Value.Length == 0) throw ConfigurationErrors.At(id.Location, id.Path, "the agent id is empty.");
                if (firstById.TryGetValue(id.Value, out var first))
                {
                    throw ConfigurationErrors.At(id.Location, id.Path,
                        $"duplicate agent id {DsnRedactor.Quote(id.Value)}; it is already used at {first.Location} ({first.Path}).");
                }
                firstById.Add(id.Value, (id.Location, id.Path));
                agents.Add(new AgentSettings(
                    id.Value,
                    id.Location,
                    Resolve(defaultStorage, ReadSection(agent, Storage, path), _storageBackends),
                    Resolve(defaultVector, ReadSection(agent, Vector, path), _vectorBackends),
                    RetentionReader.Read(agent, Retention, path, defaultRetention))
                {
                    Compression = (ReadCompression(agent, path) ?? defaultCompression)?.Compression,
                });
            }
        }

        return (Resolve(defaultStorage, null, _storageBackends), Resolve(defaultVector, null, _vectorBackends), defaultRetention, agents, defaultCompression?.Compression);
    }

    /// <summary>
    /// Applies an agent's section over the defaults field by field. The DSN and options belong to a backend, so an
    /// agent that names a different backend does not inherit them (a SQLite file path is no PostgreSQL DSN).
    /// </summary>
    private static BackendSettings? Resolve(SectionSpec? defaults, SectionSpec? own, IBackendCatalog catalog)
    {
        var section = own ?? defaults;
        if (section is null) return null;
        var backend = own?.Backend ?? defaults?.Backend;
        if (backend is null)
        {
            var where = own is null || defaults is null ? $"{section.Path}.backend" : $"{own.Path}.backend or {defaults.Path}.backend";
            throw ConfigurationErrors.At(section.Location, section.Path, $"no backend: set {where}. {Available(catalog)}");
        }
        var info = Find(catalog, backend) ?? throw UnknownBackend(backend, catalog);
        var inherits = own is null || own.Backend is null || defaults?.Backend?.Value == own.Backend.Value;

        var dsn = own?.Dsn ?? (inherits ? defaults?.Dsn : null);
        if (!info.DsnOptional && string.IsNullOrEmpty(dsn?.Value))
        {
            var why = !inherits && defaults?.Dsn is not null
                ? $" The dsn in {defaults.Path} is for backend '{defaults.Backend?.Value}' and is not inherited by a section that changes the backend."
                : "";
            throw ConfigurationErrors.At(section.Location, section.Path, $"backend '{info.Name}' needs a dsn: set {section.Path}.dsn.{why}");
        }

        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in (inherits ? defaults?.Options ?? [] : []).Concat(own?.Options ?? []))
        {
            if (!info.Options.Contains(option.Key, StringComparer.Ordinal))
            {
                var nearest = NearestName.Find(option.Key, info.Options);
                var hint = nearest is null ? "" : $" Did you mean '{nearest}'?";
                var valid = info.Options.IsEmpty ? "none" : string.Join(", ", info.Options);
                throw ConfigurationErrors.At(option.Value.KeyLocation, option.Value.Path,
                    $"unknown option '{option.Key}' for backend '{info.Name}'.{hint} Valid options: {valid}.");
            }
            options[option.Key] = option.Value.Value;
        }

        var migrate = own?.Migrate ?? defaults?.Migrate ?? true;
        return new BackendSettings(info.Name, dsn?.Value, options, migrate, $"{section.Location} ({section.Path})");
    }

    private static IBackendInfo? Find(IBackendCatalog catalog, Located backend)
    {
        try
        {
            return catalog.Find(backend.Value);
        }
        catch (StorageConfigurationException conflict)
        {
            throw ConfigurationErrors.At(backend.Location, backend.Path, conflict.Message);
        }
    }

    private static StorageConfigurationException UnknownBackend(Located backend, IBackendCatalog catalog)
    {
        string hint;
        if (catalog.KnownPackages.TryGetValue(backend.Value, out var package))
        {
            hint = $" {backend.Value}: add the {package} package.";
        }
        else
        {
            var nearest = NearestName.Find(backend.Value, catalog.Available.Select(b => b.Name).Union(catalog.KnownPackages.Keys));
            hint = nearest is not null
                ? $" Did you mean '{nearest}'?{PackageHint(nearest, catalog)}"
                : $" No known package provides it; a custom adapter declares itself with [assembly: {AttributeName(catalog)}<TFactory>(\"{DsnRedactor.Redact(backend.Value)}\")].";
        }
        return ConfigurationErrors.At(backend.Location, backend.Path,
            $"unknown {catalog.Kind} backend {DsnRedactor.Quote(backend.Value)}. {Available(catalog)}{hint}");
    }

    // The nearest name may be one the app does not reference yet: say which package brings it.
    private static string PackageHint(string name, IBackendCatalog catalog) =>
        catalog.Available.Any(b => b.Name == name) || !catalog.KnownPackages.TryGetValue(name, out var package)
            ? ""
            : $" It is provided by the {package} package (not referenced by this app).";

    private static string AttributeName(IBackendCatalog catalog) => catalog.Kind == Vector ? "VectorBackend" : "StorageBackend";

    private static string Available(IBackendCatalog catalog) =>
        catalog.Available.Count == 0
            ? $"No {catalog.Kind} backends are available in this app (reference an adapter package)."
            : $"Available in this app: {string.Join(", ", catalog.Available.Select(b => b.Name))}.";

    private SectionSpec? ReadSection(ConfigurationMapping parent, string key, string parentPath)
    {
        var entry = Find(parent, key);
        if (entry is null || IsNull(entry.Value)) return null;
        var path = $"{parentPath}.{key}";
        var mapping = AsMapping(entry.Value, path);
        CheckKeys(mapping, path, SectionKeys);
        var section = new SectionSpec(path, mapping.Location)
        {
            Backend = ReadScalar(mapping, "backend", path),
            Dsn = ReadScalar(mapping, "dsn", path),
        };
        if (section.Backend is { Value.Length: 0 } emptyBackend)
        {
            throw ConfigurationErrors.At(emptyBackend.Location, emptyBackend.Path, "the backend name is empty.");
        }
        if (ReadScalar(mapping, "migrate", path) is { } migrate)
        {
            section.Migrate = bool.TryParse(migrate.Value, out var value)
                ? value
                : throw ConfigurationErrors.At(migrate.Location, migrate.Path, $"expected true or false, found {DsnRedactor.Quote(migrate.Value)}.");
        }
        if (Find(mapping, "options") is { } optionsEntry && !IsNull(optionsEntry.Value))
        {
            var optionsPath = $"{path}.options";
            foreach (var option in AsMapping(optionsEntry.Value, optionsPath).Entries)
            {
                var optionPath = $"{optionsPath}.{option.Key}";
                var value = option.Value as ConfigurationScalar
                    ?? throw ConfigurationErrors.WrongShape(option.Value, optionPath, "a scalar");
                section.Options.Add(new OptionSpec(option.Key, new Located(
                    Expand(value, optionPath) ?? "", option.Value.Location, optionPath) { KeyLocation = option.KeyLocation }));
            }
        }
        return section;
    }

    private Located? ReadScalar(ConfigurationMapping mapping, string key, string parentPath)
    {
        var entry = Find(mapping, key);
        if (entry is null) return null;
        var path = $"{parentPath}.{key}";
        if (entry.Value is not ConfigurationScalar scalar) throw ConfigurationErrors.WrongShape(entry.Value, path, "a scalar");
        return Expand(scalar, path) is { } value ? new Located(value, scalar.Location, path) : null;
    }

    private string? Expand(ConfigurationScalar scalar, string path) =>
        scalar.Value is null ? null : EnvironmentExpander.Expand(scalar.Value, _getVariable, scalar.Location, path);

    internal static void CheckKeys(ConfigurationMapping mapping, string path, IReadOnlyCollection<string> validKeys)
    {
        foreach (var entry in mapping.Entries)
        {
            if (!validKeys.Contains(entry.Key, StringComparer.Ordinal))
            {
                throw ConfigurationErrors.UnknownKey(entry, path.Length == 0 ? entry.Key : $"{path}.{entry.Key}", validKeys);
            }
        }
    }

    internal static ConfigurationMapping AsMapping(ConfigurationNode node, string path) =>
        node as ConfigurationMapping ?? throw ConfigurationErrors.WrongShape(node, path, "a mapping");

    private static ConfigurationEntry? Find(ConfigurationMapping mapping, string key) =>
        mapping.Entries.FirstOrDefault(entry => entry.Key == key);

    private static bool IsNull(ConfigurationNode node) => node is ConfigurationScalar { Value: null };

    /// <summary>A value with where it was written.</summary>
    private sealed record Located(string Value, ConfigurationLocation Location, string Path)
    {
        public ConfigurationLocation KeyLocation { get; init; } = Location;
    }

    private sealed record OptionSpec(string Key, Located Value);

    /// <summary>One <c>storage:</c> or <c>vector:</c> section as written, before defaults apply.</summary>
    private sealed class SectionSpec(string path, ConfigurationLocation location)
    {
        public string Path { get; } = path;
        public ConfigurationLocation Location { get; } = location;
        public Located? Backend { get; init; }
        public Located? Dsn { get; init; }
        public bool? Migrate { get; set; }
        public List<OptionSpec> Options { get; } = [];
    }
}

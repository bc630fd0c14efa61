namespace Chronos.Storage.Configuration.Tests;

/// <summary>The seed's YAML, defaults overridden field by field, and ${VAR} expansion.</summary>
public sealed class OverrideAndExpansionTests
{
    private const string SeedYaml = """
        defaults:
          storage:
            backend: sqlite
            dsn: chronos.db

        agents:
          - id: production-agent
            storage:
              backend: postgres
              dsn: ${DATABASE_URL}
        """;

    [Fact]
    public void Seed_yaml_reads_as_written()
    {
        var config = TestConfig.Parse(SeedYaml, new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://db/chronos" });

        var production = config.GetStorageSettings("production-agent");
        Assert.Equal(("postgres", "postgres://db/chronos", true), (production.Backend, production.Dsn, production.Migrate));
        var other = config.GetStorageSettings("some-other-agent");
        Assert.Equal(("sqlite", "chronos.db"), (other.Backend, other.Dsn));
        Assert.Equal("production-agent", Assert.Single(config.Agents).Id);
        Assert.Equal("chronos.yaml:9:7 (agents[0].storage)", production.Source);
    }

    [Fact]
    public void Agent_fields_override_defaults_one_by_one()
    {
        var yaml = """
            defaults:
              storage:
                backend: sqlite
                dsn: chronos.db
                migrate: false
                options:
                  busy_timeout: 5000
                  label: shared
            agents:
              - id: own-file
                storage:
                  dsn: own.db
              - id: migrates
                storage:
                  migrate: true
                  options:
                    label: mine
              - id: inherits
            """;
        var config = TestConfig.Parse(yaml);

        var ownFile = config.GetStorageSettings("own-file");
        Assert.Equal(("sqlite", "own.db", false), (ownFile.Backend, ownFile.Dsn, ownFile.Migrate));
        Assert.Equal("5000", ownFile.Options["busy_timeout"]);

        var migrates = config.GetStorageSettings("migrates");
        Assert.Equal(("sqlite", "chronos.db", true), (migrates.Backend, migrates.Dsn, migrates.Migrate));
        Assert.Equal(("5000", "mine"), (migrates.Options["busy_timeout"], migrates.Options["label"]));

        var inherits = config.GetStorageSettings("inherits");
        Assert.Equal(("sqlite", "chronos.db", false, "shared"), (inherits.Backend, inherits.Dsn, inherits.Migrate, inherits.Options["label"]));
    }

    [Fact]
    public void Agent_that_changes_backend_keeps_migrate_but_not_dsn_or_options()
    {
        var yaml = """
            defaults:
              storage: {backend: sqlite, dsn: chronos.db, migrate: false, options: {busy_timeout: 10}}
            agents:
              - id: a
                storage: {backend: postgres, dsn: "Host=db"}
            """;
        var settings = TestConfig.Parse(yaml).GetStorageSettings("a");
        Assert.Equal(("postgres", "Host=db", false), (settings.Backend, settings.Dsn, settings.Migrate));
        Assert.Empty(settings.Options);
    }

    [Fact]
    public void Unlisted_agent_without_defaults_is_an_error_naming_both_fixes()
    {
        var config = TestConfig.Parse("agents:\n  - id: a\n    storage: {backend: sqlite, dsn: a.db}\n");
        Assert.Equal(
            "chronos.yaml: agent 'b' is not listed under 'agents:' (the listed agents are 'a') and there is no 'defaults.storage' section to fall back on.",
            Assert.Throws<StorageConfigurationException>(() => config.GetStorageSettings("b")).Message);
    }

    [Theory]
    [InlineData("${DB}", "from-env")]
    [InlineData("prefix-${DB}-suffix", "prefix-from-env-suffix")]
    [InlineData("${MISSING:-fallback.db}", "fallback.db")]
    [InlineData("${EMPTY:-fallback.db}", "fallback.db")]
    [InlineData("${DB:-unused}", "from-env")]
    [InlineData("a${EMPTY}b", "ab")]
    [InlineData("$${DB} costs $5", "${DB} costs $5")]
    [InlineData("${HOST}:${PORT:-5432}", "db:5432")]
    public void Variables_expand_with_fallbacks(string written, string expected)
    {
        var env = new Dictionary<string, string> { ["DB"] = "from-env", ["EMPTY"] = "", ["HOST"] = "db" };
        var config = TestConfig.Parse($"defaults:\n  storage:\n    backend: sqlite\n    dsn: \"{written}\"\n", env);
        Assert.Equal(expected, config.DefaultStorage!.Dsn);
    }

    [Fact]
    public void Backend_name_and_options_expand_too()
    {
        var env = new Dictionary<string, string> { ["BACKEND"] = "postgres", ["TIMEOUT"] = "30" };
        var config = TestConfig.Parse("defaults:\n  storage:\n    backend: ${BACKEND}\n    dsn: x\n    options:\n      busy_timeout: ${TIMEOUT}\n", env);
        Assert.Equal(("postgres", "30"), (config.DefaultStorage!.Backend, config.DefaultStorage.Options["busy_timeout"]));
    }

    [Fact]
    public void Vector_section_sits_beside_storage_and_overrides_the_same_way()
    {
        // No vector adapter is referenced here: a vector section is validated against the (empty) vector table.
        var message = TestConfig.Error("defaults:\n  storage: {backend: sqlite, dsn: x}\n  vector:\n    backend: qdrant\n    dsn: http://q:6333\n");
        Assert.Equal(
            "chronos.yaml:4:14: defaults.vector.backend: unknown vector backend 'qdrant'. No vector backends are available in this app " +
            "(reference an adapter package). qdrant: add the Chronos.Storage.Qdrant package.",
            message);
    }

    [Fact]
    public void Empty_document_means_no_agents_and_no_defaults()
    {
        var config = TestConfig.Parse("");
        Assert.Empty(config.Agents);
        Assert.Null(config.DefaultStorage);
    }
}

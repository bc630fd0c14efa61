namespace Chronos.Storage.Configuration.Tests;

/// <summary>Every bad input gets a precise message: where (file:line:column, path) and what to do.</summary>
public sealed class ConfigurationErrorTests
{
    [Fact]
    public void Malformed_yaml_names_file_line_and_column()
    {
        var message = TestConfig.Error("defaults:\n  storage:\n    backend: [sqlite\n    dsn: x\n");
        Assert.StartsWith("chronos.yaml:4:", message);
        Assert.Contains("malformed YAML", message);
    }

    [Fact]
    public void Duplicate_yaml_key_names_the_second_occurrence()
    {
        var message = TestConfig.Error("defaults:\n  storage:\n    backend: sqlite\n    backend: postgres\n");
        Assert.Equal("chronos.yaml:4:5: malformed YAML: Duplicate key backend", message);
    }

    [Fact]
    public void Unknown_key_names_its_path_and_the_nearest_valid_key()
    {
        var yaml = """
            agents:
              - id: a
                storage:
                  backend: sqlite
                  dsn: a.db
              - id: b
                storage:
                  bakend: sqlite
                  dsn: b.db
            """;
        Assert.Equal(
            "chronos.yaml:8:7: agents[1].storage.bakend: unknown key 'bakend'. Did you mean 'backend'? Valid keys here: backend, dsn, migrate, options.",
            TestConfig.Error(yaml));
    }

    [Fact]
    public void Unknown_key_at_the_root_and_in_an_agent()
    {
        Assert.Equal(
            "chronos.yaml:1:1: default: unknown key 'default'. Did you mean 'defaults'? Valid keys here: defaults, agents.",
            TestConfig.Error("default:\n  storage:\n    backend: sqlite\n"));
        Assert.Equal(
            "chronos.yaml:2:5: agents[0].storgae: unknown key 'storgae'. Did you mean 'storage'? Valid keys here: id, storage, vector, retention, compression.",
            TestConfig.Error("agents:\n  - storgae: {}\n    id: a\n"));
    }

    [Fact]
    public void Unknown_key_far_from_every_valid_key_gets_no_guess()
    {
        Assert.Equal(
            "chronos.yaml:3:5: defaults.storage.hostname: unknown key 'hostname'. Valid keys here: backend, dsn, migrate, options.",
            TestConfig.Error("defaults:\n  storage:\n    hostname: x\n    backend: sqlite\n"));
    }

    [Fact]
    public void Unknown_backend_lists_the_available_ones_and_the_package_that_adds_it()
    {
        var yaml = """
            defaults:
              storage:
                backend: sqlite
                dsn: chronos.db
            agents:
              - id: production-agent
                storage:
                  backend: postgres
                  dsn: postgres://app:hunter2@db/chronos
            """;
        Assert.Equal(
            "chronos.yaml:8:16: agents[0].storage.backend: unknown storage backend 'postgres'. Available in this app: sqlite. " +
            "postgres: add the Chronos.Storage.Postgres package.",
            TestConfig.Error(yaml, registry: TestConfig.Registry("sqlite")));
    }

    [Fact]
    public void Misspelt_backend_gets_the_nearest_name()
    {
        Assert.Equal(
            "chronos.yaml:3:14: defaults.storage.backend: unknown storage backend 'postgre'. Available in this app: postgres, sqlite. Did you mean 'postgres'?",
            TestConfig.Error("defaults:\n  storage:\n    backend: postgre\n    dsn: x\n"));
    }

    [Fact]
    public void Backend_nobody_provides_explains_how_an_adapter_joins()
    {
        var message = TestConfig.Error("defaults:\n  storage:\n    backend: cassandra\n    dsn: x\n");
        Assert.Contains("unknown storage backend 'cassandra'", message);
        Assert.Contains("[assembly: StorageBackend<TFactory>(\"cassandra\")]", message);
    }

    [Fact]
    public void Missing_variable_names_the_variable_and_where_it_is_used()
    {
        var yaml = """
            agents:
              - id: production-agent
                storage:
                  backend: postgres
                  dsn: ${DATABASE_URL}
            """;
        Assert.Equal(
            "chronos.yaml:5:12: agents[0].storage.dsn: environment variable DATABASE_URL is not set (used as ${DATABASE_URL}); " +
            "set it, or give a fallback with ${DATABASE_URL:-value}.",
            TestConfig.Error(yaml));
    }

    [Fact]
    public void Unterminated_and_invalid_variable_references_are_errors()
    {
        Assert.Contains("'${' has no closing '}'", TestConfig.Error("defaults:\n  storage:\n    backend: sqlite\n    dsn: ${HOME\n"));
        Assert.Contains("'${1X}' is not a valid variable reference", TestConfig.Error("defaults:\n  storage:\n    backend: sqlite\n    dsn: ${1X}\n"));
    }

    [Fact]
    public void Duplicate_agent_id_names_both_places()
    {
        var yaml = """
            defaults:
              storage:
                backend: sqlite
                dsn: chronos.db
            agents:
              - id: researcher
              - id: writer
              - id: researcher
            """;
        Assert.Equal(
            "chronos.yaml:8:9: agents[2].id: duplicate agent id 'researcher'; it is already used at chronos.yaml:6:9 (agents[0].id).",
            TestConfig.Error(yaml));
    }

    [Fact]
    public void Wrong_shapes_and_values_are_named()
    {
        Assert.Equal("chronos.yaml:1:9: agents: expected a sequence of agents (- id: ...), found a mapping.",
            TestConfig.Error("agents: {id: a}\n"));
        Assert.Equal("chronos.yaml:2:5: agents[0]: missing 'id': every agent needs one.",
            TestConfig.Error("agents:\n  - storage: {backend: sqlite, dsn: x}\n"));
        Assert.Equal("chronos.yaml:5:14: defaults.storage.migrate: expected true or false, found 'yes'.",
            TestConfig.Error("defaults:\n  storage:\n    backend: sqlite\n    dsn: x\n    migrate: yes\n"));
    }

    [Fact]
    public void Unknown_option_is_checked_against_the_backend_declaration()
    {
        Assert.Equal(
            "chronos.yaml:6:7: defaults.storage.options.busy_timout: unknown option 'busy_timout' for backend 'sqlite'. Did you mean 'busy_timeout'? Valid options: busy_timeout, label.",
            TestConfig.Error("defaults:\n  storage:\n    backend: sqlite\n    dsn: x\n    options:\n      busy_timout: 5\n"));
    }

    [Fact]
    public void Agent_that_changes_backend_must_give_its_own_dsn()
    {
        var yaml = """
            defaults:
              storage:
                backend: sqlite
                dsn: chronos.db
            agents:
              - id: a
                storage:
                  backend: postgres
            """;
        Assert.Equal(
            "chronos.yaml:8:7: agents[0].storage: backend 'postgres' needs a dsn: set agents[0].storage.dsn. " +
            "The dsn in defaults.storage is for backend 'sqlite' and is not inherited by a section that changes the backend.",
            TestConfig.Error(yaml));
    }

    [Fact]
    public void Missing_file_is_a_configuration_error()
    {
        var message = Assert.Throws<StorageConfigurationException>(() => ChronosConfig.Load("does-not-exist/chronos.yaml")).Message;
        Assert.StartsWith("does-not-exist/chronos.yaml: configuration file not found", message);
    }

    [Fact]
    public void Dsn_secrets_never_appear_in_errors()
    {
        // The secret comes from the environment; the error is about another field of the same section.
        var env = new Dictionary<string, string> { ["DATABASE_URL"] = "postgres://app:s3cr3t-pw@db/chronos" };
        var message = TestConfig.Error("defaults:\n  storage:\n    backend: postgres\n    dsn: ${DATABASE_URL}\n    migrate: sometimes\n", env);
        Assert.DoesNotContain("s3cr3t-pw", message);
        Assert.Contains("expected true or false", message);
    }
}

namespace Chronos.Storage.Configuration.Tests;

/// <summary><c>retention:</c> in chronos.yaml: durations, the checkpoint rule, agent overrides and precise errors.</summary>
public sealed class RetentionConfigurationTests
{
    private const string Defaults = """
        defaults:
          storage:
            backend: sqlite
            dsn: chronos.db
          retention:
            sessions: 30d
            events: 7d
            checkpoints: { keep_latest: 5, max_age: 14d }
            short_term_memory: 24h
            audit_logs: 365d
        """;

    [Fact]
    public void Defaults_read_every_rule_with_its_unit()
    {
        var retention = TestConfig.Parse(Defaults).DefaultRetention;
        Assert.Equal(new RetentionPolicy
        {
            Sessions = TimeSpan.FromDays(30),
            Events = TimeSpan.FromDays(7),
            Checkpoints = new CheckpointRetention { KeepLatest = 5, MaxAge = TimeSpan.FromDays(14) },
            ShortTermMemory = TimeSpan.FromHours(24),
            AuditLogs = TimeSpan.FromDays(365),
        }, retention);
    }

    [Theory]
    [InlineData("45s", 45)]
    [InlineData("90m", 90 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1d", 86400)]
    public void Durations_take_seconds_minutes_hours_and_days(string text, int seconds)
    {
        var config = TestConfig.Parse($"defaults:\n  retention:\n    events: {text}\n");
        Assert.Equal(TimeSpan.FromSeconds(seconds), config.DefaultRetention!.Events);
    }

    [Fact]
    public void An_agent_overrides_rule_by_rule_and_inherits_the_rest()
    {
        var config = TestConfig.Parse(Defaults + """

            agents:
              - id: chatty
                retention:
                  events: 1d
                  checkpoints: { keep_latest: 2 }
              - id: plain
            """);
        var chatty = config.GetRetention("chatty")!;
        Assert.Equal(TimeSpan.FromDays(1), chatty.Events);
        Assert.Equal(TimeSpan.FromDays(30), chatty.Sessions);
        Assert.Equal(new CheckpointRetention { KeepLatest = 2, MaxAge = TimeSpan.FromDays(14) }, chatty.Checkpoints);
        Assert.Equal(config.DefaultRetention, config.GetRetention("plain"));
        Assert.Equal(config.DefaultRetention, config.GetRetention("not-listed"));
    }

    [Fact]
    public void An_agent_switches_off_an_inherited_rule_with_forever()
    {
        var config = TestConfig.Parse(Defaults + """

            agents:
              - id: evidence
                retention:
                  audit_logs: forever
                  checkpoints: forever
                  events: 2d
            """);
        var evidence = config.GetRetention("evidence")!;
        Assert.Null(evidence.AuditLogs);
        Assert.Null(evidence.Checkpoints);
        Assert.Equal(TimeSpan.FromDays(2), evidence.Events);
        Assert.Equal(TimeSpan.FromDays(30), evidence.Sessions);
        Assert.Equal(TimeSpan.FromHours(24), evidence.ShortTermMemory);
        Assert.Equal(TimeSpan.FromDays(365), config.DefaultRetention!.AuditLogs);
    }

    [Fact]
    public void Forever_on_every_rule_leaves_an_agent_nothing_to_prune()
    {
        var config = TestConfig.Parse(Defaults + """

            agents:
              - id: keeper
                retention: { sessions: forever, events: forever, checkpoints: forever, short_term_memory: forever, audit_logs: forever }
            """);
        Assert.True(config.GetRetention("keeper")!.IsEmpty);
    }

    [Fact]
    public void Forever_is_not_a_checkpoint_max_age()
    {
        var error = Assert.Throws<StorageConfigurationException>(() => TestConfig.Parse(
            "defaults:\n  retention:\n    checkpoints: { keep_latest: 2, max_age: forever }\n"));
        Assert.Contains("defaults.retention.checkpoints.max_age", error.Message);
        Assert.Contains("checkpoints: forever", error.Message);
    }

    [Fact]
    public void No_retention_section_keeps_everything()
    {
        var config = TestConfig.Parse("defaults:\n  storage:\n    backend: sqlite\n    dsn: a.db\nagents:\n  - id: a\n");
        Assert.Null(config.DefaultRetention);
        Assert.Null(config.GetRetention("a"));
    }

    [Fact]
    public void An_agent_may_set_retention_without_defaults()
    {
        var config = TestConfig.Parse("agents:\n  - id: a\n    retention:\n      audit_logs: 90d\n");
        Assert.Equal(new RetentionPolicy { AuditLogs = TimeSpan.FromDays(90) }, config.GetRetention("a"));
    }

    [Fact]
    public void Unknown_retention_key_names_location_and_nearest_key()
    {
        Assert.Equal(
            "chronos.yaml:4:5: defaults.retention.session: unknown key 'session'. Did you mean 'sessions'? " +
            "Valid keys here: sessions, events, checkpoints, short_term_memory, audit_logs.",
            TestConfig.Error("defaults:\n  retention:\n    events: 7d\n    session: 30d\n"));
    }

    [Fact]
    public void Unknown_checkpoint_key_names_location_and_nearest_key()
    {
        Assert.Equal(
            "chronos.yaml:5:9: agents[0].retention.checkpoints.keep_last: unknown key 'keep_last'. Did you mean 'keep_latest'? " +
            "Valid keys here: keep_latest, max_age.",
            TestConfig.Error("agents:\n  - id: a\n    retention:\n      checkpoints:\n        keep_last: 3\n"));
    }

    [Theory]
    [InlineData("30 days", "'30 days'")]
    [InlineData("30x", "'30x'")]
    [InlineData("0d", "'0d'")]
    [InlineData("-1d", "'-1d'")]
    [InlineData("1.5h", "'1.5h'")]
    [InlineData("99999999999999d", "'99999999999999d'")]
    public void Bad_duration_is_an_error_at_its_value(string text, string quoted)
    {
        Assert.Equal(
            $"chronos.yaml:3:13: defaults.retention.events: expected a positive duration like 30d, 24h, 90m or 45s, or 'forever', found {quoted}.",
            TestConfig.Error($"defaults:\n  retention:\n    events: {text}\n"));
    }

    [Fact]
    public void Bad_keep_latest_is_an_error_at_its_value()
    {
        Assert.Equal(
            "chronos.yaml:3:33: defaults.retention.checkpoints.keep_latest: expected a whole number 0 or more, found 'five'.",
            TestConfig.Error("defaults:\n  retention:\n    checkpoints: { keep_latest: five }\n"));
    }

    [Fact]
    public void Retention_must_be_a_mapping()
    {
        Assert.Equal(
            "chronos.yaml:2:14: defaults.retention: expected a mapping, found a scalar.",
            TestConfig.Error("defaults:\n  retention: 30d\n"));
    }
}

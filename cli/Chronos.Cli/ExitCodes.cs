namespace Chronos.Cli;

/// <summary>The tool's exit codes (documented in the README and in <c>chronos --help</c>).</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>The command ran but its check failed: a copy that does not verify, a store that needs migrating (<c>status</c>).</summary>
    public const int CheckFailed = 1;

    /// <summary>The command line is wrong (unknown command or option, missing argument).</summary>
    public const int Usage = 2;

    /// <summary>chronos.yaml is missing or invalid, names no such agent, or gives no retention policy to the agent <c>prune --agent</c> names (the message says file:line:column).</summary>
    public const int Configuration = 3;

    /// <summary>A backend could not be reached; retrying later is safe.</summary>
    public const int Unreachable = 4;

    /// <summary>A store's schema is newer than this tool (upgrade the tool) or refused migrating.</summary>
    public const int Schema = 5;

    /// <summary>The thing asked for does not exist (a session id).</summary>
    public const int NotFound = 6;

    /// <summary>Any other storage error (the message names entity, id and field).</summary>
    public const int Storage = 10;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Interrupted = 130;

    public const string Help = """
        Exit codes: 0 done; 1 check failed (copy did not verify, status found a store to migrate); 2 usage;
        3 configuration (chronos.yaml invalid, agent unknown, or
        prune --agent names an agent without retention); 4 backend unreachable; 5 schema newer than this tool;
        6 not found; 10 other storage error; 130 interrupted.
        """;
}

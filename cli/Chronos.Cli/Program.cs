using System.CommandLine;
using Chronos.Cli;
using Chronos.Storage;
using Spectre.Console;

// The chronos tool: every command reads chronos.yaml (--config, default ./chronos.yaml or $CHRONOS_CONFIG) and writes
// tables, or JSON with --json. Exit codes: ExitCodes (also in --help and the README).
var config = new Option<string>("--config", "-c")
{
    Description = "The chronos.yaml to read.",
    DefaultValueFactory = _ => Environment.GetEnvironmentVariable("CHRONOS_CONFIG") ?? "chronos.yaml",
    Recursive = true,
};
var json = new Option<bool>("--json") { Description = "Write JSON instead of tables.", Recursive = true };
var agent = new Option<string?>("--agent", "-a") { Description = "The agent id (default: every agent the file lists)." };
var requiredAgent = new Option<string>("--agent", "-a") { Description = "The agent id.", Required = true };

var root = new RootCommand("chronos: migrate, inspect, copy, export and import the agent state configured in chronos.yaml.\n" + ExitCodes.Help);
root.Options.Add(config);
root.Options.Add(json);

var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan per agent and entity; change nothing." };
var migrate = new Command("migrate", "Create or upgrade the schema of each agent's storage.") { agent, dryRun };
migrate.SetAction((parse, ct) => Run(parse, ct, cli => InspectCommands.MigrateAsync(cli, parse.GetValue(agent), parse.GetValue(dryRun), ct)));
root.Subcommands.Add(migrate);

var status = new Command("status", "Backends, schema versions and session counts per agent (exit code 1 when a store needs migrating).") { agent };
status.SetAction((parse, ct) => Run(parse, ct, cli => InspectCommands.StatusAsync(cli, parse.GetValue(agent), ct)));
root.Subcommands.Add(status);

root.Subcommands.Add(PruneCommand.Create(Run));

var limit = new Option<int>("--limit") { Description = "At most this many (1 to 1000).", DefaultValueFactory = _ => 50 };
var offset = new Option<int>("--offset") { Description = "Skip this many first." };
var sessionsList = new Command("list", "An agent's sessions, newest first.") { requiredAgent, limit, offset };
sessionsList.SetAction((parse, ct) => Run(parse, ct, cli =>
    InspectCommands.ListSessionsAsync(cli, parse.GetValue(requiredAgent)!, parse.GetValue(limit), parse.GetValue(offset), ct)));
root.Subcommands.Add(new Command("sessions", "Sessions.") { sessionsList });

var sessionId = new Argument<string>("session-id") { Description = "The session id." };
var sessionShow = new Command("show", "A session with its ledger, checkpoints and traces.") { sessionId, requiredAgent };
sessionShow.SetAction((parse, ct) => Run(parse, ct, cli =>
    InspectCommands.ShowSessionAsync(cli, parse.GetValue(requiredAgent)!, parse.GetValue(sessionId)!, ct)));
root.Subcommands.Add(new Command("session", "One session.") { sessionShow });

var tailSession = new Argument<string>("session-id") { Description = "The session whose ledger to print." };
var after = new Option<long>("--after") { Description = "Only events after this sequence number." };
var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events until interrupted." };
var interval = new Option<int>("--interval-ms") { Description = "How often --follow polls.", DefaultValueFactory = _ => 1000 };
var tail = new Command("tail", "Print a session's events (JSON lines with --json); --follow keeps polling.") { tailSession, requiredAgent, after, follow, interval };
tail.SetAction((parse, ct) => Run(parse, ct, cli => InspectCommands.TailEventsAsync(cli, parse.GetValue(requiredAgent)!, parse.GetValue(tailSession)!,
    parse.GetValue(after), parse.GetValue(follow), TimeSpan.FromMilliseconds(Math.Max(50, parse.GetValue(interval))), ct)));
root.Subcommands.Add(new Command("events", "Events.") { tail });

var from = new Option<string>("--from") { Description = "The agent whose backend is read.", Required = true };
var to = new Option<string>("--to") { Description = "The agent whose backend is written.", Required = true };
var agentId = new Option<string?>("--agent-id") { Description = "The agent id the records carry (default: the --from agent)." };
var parallel = new Option<int>("--parallel") { Description = "Sessions copied at the same time.", DefaultValueFactory = _ => 4 };
var copy = new Command("copy", "Copy all state of an agent from one backend to another; resumable, idempotent, verified (counts and SHA-256 per entity).")
    { from, to, agentId, parallel };
copy.SetAction((parse, ct) => Run(parse, ct, cli =>
{
    var source = parse.GetValue(from)!;
    return TransferCommands.CopyAsync(cli, source, parse.GetValue(to)!, parse.GetValue(agentId) ?? source, parse.GetValue(parallel), ct);
}));
root.Subcommands.Add(copy);

var output = new Option<string?>("--output", "-o") { Description = "File to write (default: stdout)." };
var export = new Command("export", "Write all state of an agent as JSON lines ({\"entity\":...,\"record\":{...}}).") { requiredAgent, agentId, output };
export.SetAction((parse, ct) => Run(parse, ct, cli =>
{
    var source = parse.GetValue(requiredAgent)!;
    return TransferCommands.ExportAsync(cli, source, parse.GetValue(agentId) ?? source, parse.GetValue(output), ct);
}));
root.Subcommands.Add(export);

var input = new Option<string?>("--input", "-i") { Description = "File to read (default: stdin)." };
var import = new Command("import", "Read JSON lines written by export into an agent's backend; importing twice changes nothing.") { requiredAgent, input };
import.SetAction((parse, ct) => Run(parse, ct, cli => TransferCommands.ImportAsync(cli, parse.GetValue(requiredAgent)!, parse.GetValue(input), ct)));
root.Subcommands.Add(import);

var address = new Option<string>("--address") { Description = "The loopback address to serve on (127.0.0.1 or ::1; any other is refused).", DefaultValueFactory = _ => "127.0.0.1" };
var port = new Option<int>("--port", "-p") { Description = "The port to serve on (0 picks a free one).", DefaultValueFactory = _ => 5317 };
var inspect = new Command("inspect", "Serve a read-only web page on this machine: sessions, event timeline, checkpoints and their differences, trace waterfall.")
    { agent, address, port };
inspect.SetAction((parse, ct) => Run(parse, ct, cli => Chronos.Cli.Inspector.InspectorServer.RunAsync(cli, parse.GetValue(agent), parse.GetValue(address)!, parse.GetValue(port), ct)));
root.Subcommands.Add(inspect);

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && parsed.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in parsed.Errors) Output.Error.MarkupLine($"[red]{Markup.Escape(error.Message)}[/]");
    Output.Error.WriteLine("Run 'chronos --help' for usage.");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();

// One place maps failures to exit codes and messages (Chronos's own messages name file:line:column, entity, id,
// field; none carries a DSN secret).
static async Task<int> Run(ParseResult parse, CancellationToken ct, Func<CliContext, Task<int>> command)
{
    try
    {
        return await command(new CliContext(parse.GetValue<string>("--config")!, parse.GetValue<bool>("--json")));
    }
    catch (OperationCanceledException) when (ct.IsCancellationRequested)
    {
        Output.Error.MarkupLine("[yellow]interrupted[/]");
        return ExitCodes.Interrupted;
    }
    catch (Exception e) when (Classify(e) is { } code)
    {
        Output.Error.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
        return code;
    }
}

static int? Classify(Exception e) => e switch
{
    StorageConfigurationException => ExitCodes.Configuration,
    TransientStorageException => ExitCodes.Unreachable,
    SchemaVersionException => ExitCodes.Schema,
    ImportLineException => ExitCodes.Storage,
    StorageException => ExitCodes.Storage,
    FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException => ExitCodes.Configuration,
    _ => null,
};

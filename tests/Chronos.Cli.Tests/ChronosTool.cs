using System.Diagnostics;
using System.Text;

namespace Chronos.Cli.Tests;

/// <summary>The built chronos tool, run as a process (<c>dotnet chronos.dll ...</c>) in a working directory.</summary>
internal static class ChronosTool
{
    /// <summary>
    /// The command line that starts the tool: <c>dotnet chronos.dll</c> as built beside these tests, or the executable
    /// named by <c>CHRONOS_TOOL</c> (e.g. the NativeAOT-published binary, to run the same tests against it).
    /// </summary>
    private static readonly string[] ToolCommand =
        Environment.GetEnvironmentVariable("CHRONOS_TOOL") is { Length: > 0 } native ? [native] : ["dotnet", FindTool()];

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static async Task<Result> RunAsync(string workingDirectory, params string[] arguments)
    {
        using var process = Start(workingDirectory, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Runs the tool on a pseudo-terminal (util-linux <c>script</c>), so it sees an interactive console; what the
    /// terminal showed (stdout and stderr together, with escape sequences) comes back as <see cref="Result.Stdout"/>.
    /// </summary>
    public static async Task<Result> RunInTerminalAsync(string workingDirectory, params string[] arguments)
    {
        var command = string.Join(' ', ToolCommand.Concat(arguments).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var info = new ProcessStartInfo("script") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--quiet", "--return", "--command", command, "/dev/null" }) info.ArgumentList.Add(argument);
        info.Environment["TERM"] = "xterm-256color";
        info.Environment["COLUMNS"] = "200";
        info.Environment.Remove("NO_COLOR");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start script (util-linux)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(ToolCommand[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in ToolCommand.Skip(1).Concat(arguments)) info.ArgumentList.Add(argument);
        info.Environment["NO_COLOR"] = "1";
        info.Environment["COLUMNS"] = "200";
        return Process.Start(info) ?? throw new InvalidOperationException("could not start " + ToolCommand[0]);
    }

    private static string FindTool()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Chronos.Gen.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException($"Chronos.Gen.sln not found above {AppContext.BaseDirectory}");
        // The same configuration as this test assembly (Debug or Release), as the project reference built it.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var path = Path.Combine(dir.FullName, "cli", "Chronos.Cli", "bin", configuration, "net10.0", "chronos.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"the chronos tool is not built at {path}");
    }
}

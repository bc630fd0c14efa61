using System.Diagnostics;
using System.Text.RegularExpressions;
using Chronos.Cli.Tests;

namespace Chronos.Cli.Inspector.Tests;

/// <summary><c>chronos inspect --port 0</c> running in a workspace: the tool picks a free port and prints its address.</summary>
internal sealed partial class InspectorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private InspectorProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The page's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    public static async Task<InspectorProcess> StartAsync(string workingDirectory, params string[] arguments)
    {
        var process = ChronosTool.Start(workingDirectory, ["inspect", "--port", "0", .. arguments]);
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || ServingLine().Match(line) is not { Success: true } match)
        {
            var stderr = process.HasExited ? await process.StandardError.ReadToEndAsync() : "";
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"chronos inspect did not print its address: '{line}' {stderr}");
        }
        return new InspectorProcess(process, new Uri(match.Groups[1].Value));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"serving (http://127\.0\.0\.1:\d+/)")]
    private static partial Regex ServingLine();
}

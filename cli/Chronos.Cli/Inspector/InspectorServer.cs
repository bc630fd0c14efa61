using System.Net;
using Chronos.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Chronos.Cli.Inspector;

/// <summary>
/// <c>chronos inspect</c>: a read-only web page over an agent's stored state, served by Kestrel on a loopback address
/// only. The page and its script are embedded in the tool (nothing is fetched from elsewhere); the data comes from the
/// GET endpoints of <see cref="InspectorApi"/>.
/// </summary>
internal static class InspectorServer
{
    public static async Task<int> RunAsync(CliContext cli, string? agentId, string address, int port, CancellationToken ct)
    {
        if (!IPAddress.TryParse(address, out var ip) || !IPAddress.IsLoopback(ip))
        {
            Output.Error.MarkupLineInterpolated($"[red]refused: --address {address} is not a loopback address (127.0.0.1 or ::1); the inspector serves this machine only.[/]");
            return ExitCodes.Usage;
        }
        if (port is < 0 or > 65535)
        {
            Output.Error.MarkupLineInterpolated($"[red]refused: --port {port} is not a port number (0 to 65535; 0 picks a free one).[/]");
            return ExitCodes.Usage;
        }
        await using var storages = new AgentStorages(cli, cli.Agents(agentId));
        var api = new InspectorApi(storages);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();   // stdout holds only the address line; errors are answered as JSON
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(ip, port));
        await using var app = builder.Build();

        app.Use(Guard);
        app.MapGet("/", () => Page.Serve("index.html"));
        app.MapGet("/inspector.js", () => Page.Serve("inspector.js"));
        app.MapGet("/inspector.css", () => Page.Serve("inspector.css"));
        app.MapGet("/api/agents", api.Agents);
        app.MapGet("/api/sessions", api.SessionsAsync);
        app.MapGet("/api/session", api.SessionAsync);
        app.MapGet("/api/events", api.EventsAsync);
        app.MapGet("/api/checkpoints", api.CheckpointsAsync);
        app.MapGet("/api/checkpoint", api.CheckpointAsync);
        app.MapGet("/api/diff", api.DiffAsync);
        app.MapGet("/api/traces", api.TracesAsync);

        await app.StartAsync(ct);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"chronos inspect: serving {bound}/ (read-only; Ctrl+C stops)");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Every response: refuses a Host header that is not this loopback address (a page elsewhere reaching the inspector
    /// through DNS rebinding), forbids framing and any script or connection but this server's own, and turns a storage
    /// failure into a JSON error whose text is Chronos's own message (which never carries a DSN secret).
    /// </summary>
    private static async Task Guard(HttpContext context, RequestDelegate next)
    {
        var host = context.Request.Host.Host;
        if (host is not ("127.0.0.1" or "localhost" or "[::1]" or "::1"))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new ErrorInfo("this inspector answers only requests addressed to this machine's loopback"), InspectorJsonContext.Default.ErrorInfo);
            return;
        }
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        try
        {
            await next(context);
        }
        catch (StorageException e) when (!context.Response.HasStarted)
        {
            context.Response.StatusCode = e is TransientStorageException ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new ErrorInfo(e.Message), InspectorJsonContext.Default.ErrorInfo);
        }
    }
}

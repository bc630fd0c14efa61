using Microsoft.AspNetCore.Http;

namespace Chronos.Cli.Inspector;

/// <summary>The inspector's static files, embedded in the tool (Inspector/wwwroot, logical names <c>inspector/NAME</c>).</summary>
internal static class Page
{
    public static IResult Serve(string name)
    {
        using var stream = typeof(Page).Assembly.GetManifestResourceStream("inspector/" + name)
            ?? throw new InvalidOperationException($"the inspector resource {name} is not embedded in the tool");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Results.Bytes(bytes, ContentType(name));
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
}

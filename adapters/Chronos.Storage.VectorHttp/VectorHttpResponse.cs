using System.Net;

namespace Chronos.Storage.VectorHttp;

/// <summary>A response the caller chose to accept (a success, or a status it handles itself such as 404 or 409).</summary>
/// <typeparam name="T">The parsed body.</typeparam>
public readonly record struct VectorHttpResponse<T>(HttpStatusCode Status, T? Body)
{
    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => (int)Status is >= 200 and < 300;
}

namespace Chronos.Storage.Sql;

/// <summary>
/// How a SQL adapter's DSN is written: its backend name (the prefix of every message), the URL schemes it accepts and
/// the two forms quoted when the DSN is empty.
/// </summary>
/// <param name="Backend">The backend name, e.g. <c>postgres</c>.</param>
/// <param name="UrlSchemes">The URL schemes, without <c>://</c>, e.g. <c>postgres</c>, <c>postgresql</c>.</param>
/// <param name="UrlExample">The URL form, e.g. <c>postgres://user:password@host:5432/database</c>.</param>
/// <param name="KeywordExample">The driver's keyword form, e.g. <c>Host=...;Username=...;Password=...</c>.</param>
public sealed record SqlDsnSyntax(string Backend, IReadOnlyList<string> UrlSchemes, string UrlExample, string KeywordExample);

namespace Chronos.Storage.Generators.Model;

/// <summary>
/// What one referenced storage adapter declared it cannot do, read from its
/// <c>[assembly: StorageBackendCapabilities(...)]</c>. The generator keeps no table of backends: a new adapter
/// brings its own row.
/// </summary>
/// <param name="AssemblyName">The adapter assembly that declared it.</param>
/// <param name="DisplayName">The backend's name in messages.</param>
/// <param name="JsonIndexLimitation">Why a json field cannot be an index's match or order field there, or null if it can.</param>
internal sealed record BackendCapabilities(string AssemblyName, string DisplayName, string? JsonIndexLimitation);

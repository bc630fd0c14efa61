namespace Chronos.Storage.Generators.Parsing;

/// <summary>
/// A disagreement between a record and its spec entity, with both sides' positions. The generator skips an entity
/// with problems; the drift analyzer reports them (one source of truth: both use <see cref="EntityBinder"/>).
/// </summary>
internal sealed record BindingProblem(string RuleId, string Message, string? Property, string? SpecPath, int SpecLine, int SpecColumn);

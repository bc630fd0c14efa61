using System.Collections.Immutable;
using Chronos.Storage.Schema;

namespace Chronos.Storage.Sql;

/// <summary>The parameters of one statement, in binding order: what a prepared command is created with, once.</summary>
/// <param name="Names">Parameter names as in the SQL (<c>@storage_name</c>).</param>
/// <param name="Kinds">Each parameter's field kind.</param>
public sealed record SqlParameterShape(ImmutableArray<string> Names, ImmutableArray<FieldKind> Kinds)
{
    /// <summary>No parameters.</summary>
    public static readonly SqlParameterShape None = new([], []);

    /// <summary>One parameter.</summary>
    public static SqlParameterShape Of(string name, FieldKind kind) => new([name], [kind]);

    /// <summary>Every field of <paramref name="schema"/>, named by <paramref name="fieldParameters"/> (parameter i = field i).</summary>
    public static SqlParameterShape Record(EntitySchema schema, ImmutableArray<string> fieldParameters) =>
        new(fieldParameters, [.. schema.Fields.Select(f => f.Kind)]);

    /// <summary>This shape followed by <paramref name="more"/>.</summary>
    public SqlParameterShape Then(params ReadOnlySpan<(string Name, FieldKind Kind)> more)
    {
        var names = Names.ToBuilder();
        var kinds = Kinds.ToBuilder();
        foreach (var (name, kind) in more)
        {
            names.Add(name);
            kinds.Add(kind);
        }
        return new(names.ToImmutable(), kinds.ToImmutable());
    }
}

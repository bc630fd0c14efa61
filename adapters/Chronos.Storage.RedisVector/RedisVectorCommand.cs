namespace Chronos.Storage.RedisVector;

/// <summary>One command as sent through <c>IDatabase.ExecuteAsync</c>: its name and arguments (strings, integers, byte arrays).</summary>
internal sealed record RedisVectorCommand(string Name, object[] Args)
{
    /// <summary>For failure messages: the command with binary arguments shown by length.</summary>
    public override string ToString() =>
        Name + " " + string.Join(' ', Args.Select(a => a is byte[] bytes ? $"<{bytes.Length} bytes>" : a.ToString()));
}

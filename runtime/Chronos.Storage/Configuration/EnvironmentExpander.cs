using System.Text;

namespace Chronos.Storage.Configuration;

/// <summary>
/// Expands <c>${VAR}</c> and <c>${VAR:-fallback}</c> in configuration values (the fallback applies when the variable is
/// unset or empty, as in POSIX shells); <c>$${</c> writes a literal <c>${</c>.
/// </summary>
internal static class EnvironmentExpander
{
    /// <summary>The expanded value.</summary>
    /// <exception cref="StorageConfigurationException">A variable without fallback is not set, or the syntax is wrong.</exception>
    public static string Expand(string value, Func<string, string?> getVariable, ConfigurationLocation location, string path)
    {
        if (!value.Contains('$', StringComparison.Ordinal)) return value;
        var result = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            if (value[i] != '$' || i + 1 >= value.Length)
            {
                result.Append(value[i++]);
                continue;
            }
            if (value[i + 1] == '$' && i + 2 < value.Length && value[i + 2] == '{')
            {
                result.Append("${");
                i += 3;
                continue;
            }
            if (value[i + 1] != '{')
            {
                result.Append(value[i++]);
                continue;
            }
            var close = value.IndexOf('}', i + 2);
            if (close < 0)
            {
                throw Error(location, path, "'${' has no closing '}'; write $${ for a literal '${'.");
            }
            var body = value.AsSpan(i + 2, close - i - 2);
            var separator = body.IndexOf(":-", StringComparison.Ordinal);
            var name = (separator < 0 ? body : body[..separator]).ToString();
            if (!IsVariableName(name))
            {
                throw Error(location, path, $"'${{{name}}}' is not a valid variable reference: names are letters, digits and '_', not starting with a digit.");
            }
            var variable = getVariable(name);
            if (separator >= 0)
            {
                result.Append(string.IsNullOrEmpty(variable) ? body[(separator + 2)..] : variable);
            }
            else if (variable is not null)
            {
                result.Append(variable);
            }
            else
            {
                throw Error(location, path,
                    $"environment variable {name} is not set (used as ${{{name}}}); set it, or give a fallback with ${{{name}:-value}}.");
            }
            i = close + 1;
        }
        return result.ToString();
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static StorageConfigurationException Error(ConfigurationLocation location, string path, string message) =>
        ConfigurationErrors.At(location, path, message);
}

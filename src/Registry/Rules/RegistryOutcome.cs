namespace Zetina.Registry.Rules;

/// <summary>The result of a state-changing registry call: a value, or a refusal with a message a person can act on.</summary>
public readonly record struct RegistryOutcome<T>(T? Value, RegistryError Error, string? Message)
{
    /// <summary>True when the call succeeded and <see cref="Value"/> is set.</summary>
    public bool Ok => Error == RegistryError.None;

    /// <summary>A success.</summary>
    public static RegistryOutcome<T> Success(T value) => new(value, RegistryError.None, null);

    /// <summary>A refusal.</summary>
    public static RegistryOutcome<T> Refuse(RegistryError error, string message) => new(default, error, message);
}

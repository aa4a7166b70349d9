namespace Zetina.Registry.Rules;

/// <summary>A rule's "no": which <see cref="RegistryError"/> and a sentence naming what was wrong and how to fix it.</summary>
internal readonly record struct Refusal(RegistryError Error, string Message)
{
    /// <summary>The refusal as the outcome of a call returning <typeparamref name="T"/>.</summary>
    public RegistryOutcome<T> As<T>() => RegistryOutcome<T>.Refuse(Error, Message);
}

namespace Zetina.Stark.Verifier;

/// <summary>The verifier's answer: <see cref="IsValid"/>, or the <see cref="Error"/> and a message naming the failed check.</summary>
public readonly record struct VerifyResult(VerifyError Error, string Message)
{
    /// <summary>True when the proof was accepted.</summary>
    public bool IsValid => Error == VerifyError.None;

    /// <summary>The accepted result.</summary>
    public static VerifyResult Ok => new(VerifyError.None, "ok");

    /// <summary>A rejection.</summary>
    public static VerifyResult Fail(VerifyError error, string message) => new(error, message);

    /// <inheritdoc/>
    public override string ToString() => IsValid ? "ok" : $"{Error}: {Message}";
}

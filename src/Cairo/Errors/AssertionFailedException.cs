using Zetina.Cairo.Vm;

namespace Zetina.Cairo.Errors;

/// <summary>
/// An <c>assert_eq</c> failed: <c>dst</c> and <c>res</c> differ. Carries the program's <c>error_message</c>
/// attributes whose pc range covers the failing pc (innermost first), as cairo-run prints them.
/// </summary>
public sealed class AssertionFailedException(string detail, Relocatable pc, IReadOnlyList<string> errorMessages)
    : CairoException(CairoErrorKind.AssertionFailed, Compose(detail, errorMessages), pc)
{
    /// <summary>The <c>error_message</c> attributes in scope at the failing pc.</summary>
    public IReadOnlyList<string> ErrorMessages { get; } = errorMessages;

    private static string Compose(string detail, IReadOnlyList<string> messages)
    {
        if (messages.Count == 0) return detail;
        return string.Join("; ", messages) + " (" + detail + ")";
    }
}

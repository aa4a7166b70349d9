namespace Zetina.Cairo.Run;

/// <summary>One builtin of a layout: its name and steps per instance (null for output).</summary>
public sealed record LayoutBuiltin(string Name, int? Ratio);

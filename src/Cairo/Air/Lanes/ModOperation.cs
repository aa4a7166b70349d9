namespace Zetina.Cairo.Air.Lanes;

/// <summary>
/// The operation of a mod builtin instance, c ≡ a op b (mod p), with the bound cairo-lang's
/// <c>ModBuiltinRunner</c> puts on the quotient k = (a op b − c) / p.
/// </summary>
internal enum ModOperation
{
    /// <summary><c>add_mod</c>: a + b = c + k·p with k ∈ {0, 1} (cairo-lang's <c>k_bound</c> 2).</summary>
    Add,

    /// <summary><c>mul_mod</c>: a·b = c + k·p with 0 ≤ k &lt; 2^384 (<c>k_bound</c> None: int_lim = 2^384).</summary>
    Mul,
}

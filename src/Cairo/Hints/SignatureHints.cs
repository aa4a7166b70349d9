using Zetina.Cairo.Builtins;

namespace Zetina.Cairo.Hints;

/// <summary>Hints of <c>starkware.cairo.common.signature</c>.</summary>
public static class SignatureHints
{
    /// <summary><c>verify_ecdsa_signature</c>: registers (r, s) for the next ecdsa instance.</summary>
    public const string AddSignature = "ecdsa_builtin.add_signature(ids.ecdsa_ptr.address_, (ids.signature_r, ids.signature_s))";

    public static readonly KeyValuePair<string, NativeHint>[] All =
    [
        new(AddSignature, ctx =>
        {
            if (ctx.Runner.Find("ecdsa") is not EcdsaBuiltinRunner ecdsa) throw ctx.Fail("the layout has no ecdsa builtin");
            ecdsa.AddSignature(ctx.GetPtr("ecdsa_ptr"), ctx.GetFelt("signature_r"), ctx.GetFelt("signature_s"));
        }),
    ];
}

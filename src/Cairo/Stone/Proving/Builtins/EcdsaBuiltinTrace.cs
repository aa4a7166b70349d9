using Zetina.Cairo.Stone.Layouts;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Proving.Builtins;

/// <summary>
/// The ECDSA builtin's cells (Stone's <c>SignatureBuiltinProverContext::WriteTrace</c> over
/// <c>EcdsaComponent::WriteTrace</c>): instance i reads the public key's x at begin + 2i and the message z at
/// begin + 2i + 1, and proves w·(z·G + r·Q) has x = r for its signature (r, w).
/// </summary>
/// <remarks>
/// Per instance, in Stone's order: z·G − P0 as a subset sum over G·2^k from −P0 (generator run i); 1/z; the key run 2i:
/// Q·2^k with their doubling slopes, 1/r, and r·Q + P0 as a subset sum over them from P0; the sum B = (z·G − P0) +
/// (r·Q + P0) by its chord (slope and x-difference inverse); the key run 2i + 1: B·2^k, 1/w, w·B + P0; the slope and
/// inverse that extract r from w·B + P0 − P0; Q.x². Of the key's two points with x = Q.x the one whose signature
/// verifies is taken (Stone's <c>FromPartialPublicKey</c>). An unused instance signs with
/// <see cref="StoneDummySignature"/>.
/// </remarks>
internal static class EcdsaBuiltinTrace
{
    private const int Height = 256;
    private const int ScalarBits = 251;
    private static readonly Lazy<EcPoint[]> s_generatorPoints = new(() => Doublings(StarkCurve.Generator, ScalarBits));

    /// <summary>Writes every instance of the builtin whose segment starts at <paramref name="begin"/>.</summary>
    public static void Write(BuiltinCellWriter w, EcdsaColumns c, ulong begin, IReadOnlyDictionary<long, (Felt R, Felt W)> signatures)
    {
        int instances = w.Table.Size(c.PubkeyAddr);
        BuiltinInstances.ForEach(instances, i =>
        {
            Span<Felt> cells = stackalloc Felt[2];
            ulong address = begin + 2UL * (ulong)i;
            EcPoint key;
            Felt z, r, s;
            if (w.TryReadAll(address, cells))
            {
                if (!signatures.TryGetValue(i, out (Felt R, Felt W) signature))
                    throw new StoneBuiltinInputException($"ecdsa instance {i} (address {address}) has no signature in the private input");
                (z, r, s) = (cells[1], signature.R, signature.W);
                key = PublicKey(i, cells[0], z, r, s);
            }
            else (key, z, r, s) = (StoneDummySignature.PublicKey, StoneDummySignature.Message, StoneDummySignature.R, StoneDummySignature.W);
            WriteInstance(w.Table, c, i, key, z, r, s);
            w.WriteMemory(c.PubkeyAddr, c.PubkeyValue, i, address, key.X);
            w.WriteMemory(c.MessageAddr, c.MessageValue, i, address + 1, z);
        });
    }

    private static void WriteInstance(StoneTraceTable t, EcdsaColumns c, int i, EcPoint key, Felt z, Felt r, Felt w)
    {
        EcPoint shift = ConstantPoints.ShiftPoint;
        var generator = new EcSubsetSumTrace.Columns(c.GeneratorSelector, c.GeneratorX, c.GeneratorY, c.GeneratorSlope, c.GeneratorXDiffInv);
        EcPoint zG = EcSubsetSumTrace.Write(t, generator, i, Height, shift.Negate(), s_generatorPoints.Value, z);
        t[c.ZInv, i] = z.Inverse();

        EcPoint rQ = WriteKeyRun(t, c, 2 * i, key, r);
        Felt dx = zG.X - rQ.X;
        t[c.AddResultsInv, i] = dx.Inverse();
        Felt addSlope = (zG.Y - rQ.Y) / dx;
        t[c.AddResultsSlope, i] = addSlope;
        EcPoint b = EcSubsetSumTrace.AddGivenSlope(zG, rQ, addSlope);

        EcPoint wB = WriteKeyRun(t, c, 2 * i + 1, b, w);
        Felt extractDx = wB.X - shift.X;
        t[c.ExtractRInv, i] = extractDx.Inverse();
        t[c.ExtractRSlope, i] = (wB.Y + shift.Y) / extractDx;
        t[c.QXSquared, i] = key.X * key.X;
    }

    /// <summary>One key run: the base's doublings, 1/scalar, and the subset sum of the scalar over them from P0.</summary>
    private static EcPoint WriteKeyRun(StoneTraceTable t, EcdsaColumns c, int run, EcPoint basepoint, Felt scalar)
    {
        EcPoint[] points = EcSubsetSumTrace.WriteDoublings(t, c.KeyPointsX, c.KeyPointsY, c.DoublingSlope, run, Height, basepoint);
        t[c.RwInv, run] = scalar.Inverse();
        var key = new EcSubsetSumTrace.Columns(c.KeySelector, c.KeyX, c.KeyY, c.KeySlope, c.KeyXDiffInv);
        return EcSubsetSumTrace.Write(t, key, run, Height, ConstantPoints.ShiftPoint, points, scalar);
    }

    /// <summary>The key point with x = <paramref name="x"/> under which (r, w) signs z.</summary>
    private static EcPoint PublicKey(int instance, Felt x, Felt z, Felt r, Felt w)
    {
        if (z.IsZero || r.IsZero || w.IsZero)
            throw new StoneBuiltinInputException($"ecdsa instance {instance}: message, r and w must be nonzero");
        if (!StarkCurve.TryRecoverY(x, out EcPoint key))
            throw new StoneBuiltinInputException($"ecdsa instance {instance}: public key {x.ToHexString()} is not the x of a curve point");
        if (Verifies(key, z, r, w)) return key;
        if (Verifies(key.Negate(), z, r, w)) return key.Negate();
        throw new StoneBuiltinInputException($"ecdsa instance {instance}: (r, w) does not sign message {z.ToHexString()} for key {x.ToHexString()}");
    }

    private static bool Verifies(EcPoint key, Felt z, Felt r, Felt w)
    {
        EcPoint b = StarkCurve.Add(StarkCurve.Multiply(StarkCurve.Generator, z.ToBigInteger()), StarkCurve.Multiply(key, r.ToBigInteger()));
        EcPoint wB = StarkCurve.Multiply(b, w.ToBigInteger());
        return !wB.IsInfinity && wB.X == r;
    }

    private static EcPoint[] Doublings(EcPoint p, int count)
    {
        var points = new EcPoint[count];
        for (int k = 0; k < count; k++, p = StarkCurve.Double(p)) points[k] = p;
        return points;
    }
}

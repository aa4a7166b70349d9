using Zetina.Stark.Air;
using Zetina.Stark.Crypto;
using Zetina.Stark.Field;

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// The ECDSA builtin: for public key Q, message z and signature (r, w) it proves
/// w·(z·G + r·Q) has x = r, the products computed by two 251-bit scalar multiplications that start
/// at ±P0 so no intermediate point is the identity (Stone's <c>ecdsa/signature0/*</c>;
/// <c>src/starkware/air/components/ecdsa</c>).
/// </summary>
/// <remarks>
/// Per instance the generator side runs once (z·G over G·2^i) and the key side twice over the key column's doublings:
/// first r·Q, then — with B = z·G + r·Q written as the second run's base point — w·B, whose x must be r. The
/// constraints, in Stone's order: key doubling; the generator-side and key-side EC subset sums (as Pedersen's, plus
/// x-difference inverses that rule out doubling); the starting points; adding the two products; extracting r;
/// z, r, w nonzero; Q on the curve; the memory cells.
/// </remarks>
internal static class EcdsaBuiltinComponent
{
    private const int ScalarCells = 256;
    private const int ScalarBits = 251;
    private static readonly Lazy<(StonePeriodicColumn X, StonePeriodicColumn Y)> s_generatorPoints = new(BuildGeneratorPoints);

    /// <summary>Adds the builtin's constraints in Stone's order.</summary>
    public static void Add<T>(StoneConstraintSum<T> sum, EcdsaColumns c) where T : struct, IConstraintValue<T>
    {
        T alpha = StarkCurve.Alpha, beta = StarkCurve.Beta;
        EcPoint shift = ConstantPoints.ShiftPoint;
        int keyStep = c.KeySelector.Step, generatorStep = c.GeneratorSelector.Step;
        int keyRun = keyStep * ScalarCells, instance = generatorStep * ScalarCells;
        T everyKeyCell = sum.Every(keyStep), keyTail = sum.Rows(keyRun, (ScalarCells - 1) * keyStep);
        T everyGeneratorCell = sum.Every(generatorStep), generatorTail = sum.Rows(instance, (ScalarCells - 1) * generatorStep);
        T everyKeyRun = sum.Every(keyRun), everyInstance = sum.Every(instance);
        T generatorX = s_generatorPoints.Value.X.Evaluate(sum, generatorStep);
        T generatorY = s_generatorPoints.Value.Y.Evaluate(sum, generatorStep);

        // doubling_key: the key's doublings Q·2^i.
        T qx = sum.Cell(c.KeyPointsX), qy = sum.Cell(c.KeyPointsY);
        EcSubsetSum.AddDoubling(sum, c.KeyPointsX, c.KeyPointsY, c.DoublingSlope, alpha, everyKeyCell, keyTail);

        // exponentiate_generator, then exponentiate_key: subset sums over G·2^i and over the key's doublings.
        EcSubsetSum.AddSteps(sum, c.GeneratorSelector, c.GeneratorX, c.GeneratorY, c.GeneratorSlope, c.GeneratorXDiffInv,
            generatorX, generatorY, everyGeneratorCell, generatorTail, sum.Rows(instance, ScalarBits * generatorStep));
        EcSubsetSum.AddSteps(sum, c.KeySelector, c.KeyX, c.KeyY, c.KeySlope, c.KeyXDiffInv,
            qx, qy, everyKeyCell, keyTail, sum.Rows(keyRun, ScalarBits * keyStep));

        // init_gen starts at −P0, init_key at P0 (each key run).
        sum.Add(sum.Cell(c.GeneratorX) - shift.X, everyInstance);
        sum.Add(sum.Cell(c.GeneratorY) + shift.Y, everyInstance);
        sum.Add(sum.Cell(c.KeyX) - shift.X, everyKeyRun);
        sum.Add(sum.Cell(c.KeyY) - shift.Y, everyKeyRun);

        // add_results: B = (z·G − P0) + (r·Q + P0), written as the second key run's base point.
        T gx = sum.Cell(c.GeneratorX, ScalarCells - 1), gy = sum.Cell(c.GeneratorY, ScalarCells - 1);
        T kx = sum.Cell(c.KeyX, ScalarCells - 1), ky = sum.Cell(c.KeyY, ScalarCells - 1);
        T bx = sum.Cell(c.KeyPointsX, ScalarCells), by = sum.Cell(c.KeyPointsY, ScalarCells);
        T addSlope = sum.Cell(c.AddResultsSlope);
        sum.Add(gy - (ky + addSlope * (gx - kx)), everyInstance);
        sum.Add(addSlope * addSlope - (gx + kx + bx), everyInstance);
        sum.Add(gy + by - addSlope * (gx - bx), everyInstance);
        sum.Add(sum.Cell(c.AddResultsInv) * (gx - kx) - Felt.One, everyInstance);

        // extract_r: (w·B + P0) − P0 has x = r (the second key run's scalar, its selector's first cell).
        T wx = sum.Cell(c.KeyX, 2 * ScalarCells - 1), wy = sum.Cell(c.KeyY, 2 * ScalarCells - 1);
        T extractSlope = sum.Cell(c.ExtractRSlope);
        sum.Add(wy + shift.Y - extractSlope * (wx - shift.X), everyInstance);
        sum.Add(extractSlope * extractSlope - (wx + shift.X + sum.Cell(c.KeySelector)), everyInstance);
        sum.Add(sum.Cell(c.ExtractRInv) * (wx - shift.X) - Felt.One, everyInstance);

        // z ≠ 0, r ≠ 0 and w ≠ 0 (each key run's scalar), Q on the curve y² = x³ + αx + β.
        sum.Add(sum.Cell(c.GeneratorSelector) * sum.Cell(c.ZInv) - Felt.One, everyInstance);
        sum.Add(sum.Cell(c.KeySelector) * sum.Cell(c.RwInv) - Felt.One, everyKeyRun);
        T qxSquared = sum.Cell(c.QXSquared);
        sum.Add(qxSquared - qx * qx, everyInstance);
        sum.Add(qy * qy - (qx * qxSquared + alpha * qx + beta), everyInstance);

        // memory: pubkey, message, next pubkey, … from the segment's start; pubkey = Q.x, message = z.
        sum.Add(sum.Cell(c.PubkeyAddr) - (Felt)sum.PublicInput.Segment("ecdsa").BeginAddr, sum.Row(0));
        sum.Add(sum.Cell(c.MessageAddr) - (sum.Cell(c.PubkeyAddr) + Felt.One), everyInstance);
        sum.Add((sum.Cell(c.PubkeyAddr, 1) - (sum.Cell(c.MessageAddr) + Felt.One)) * sum.Row(-instance), everyInstance);
        sum.Add(sum.Cell(c.MessageValue) - sum.Cell(c.GeneratorSelector), everyInstance);
        sum.Add(sum.Cell(c.PubkeyValue) - qx, everyInstance);
    }

    /// <summary>G·2^i for i &lt; 251, the last repeated up to 256 (Stone's <c>TwosPowersOfPoint</c>, <c>ToCoordinatesAndExpand</c>).</summary>
    private static (StonePeriodicColumn, StonePeriodicColumn) BuildGeneratorPoints()
    {
        var x = new List<Felt>(ScalarCells);
        var y = new List<Felt>(ScalarCells);
        PedersenPoints.AppendDoublings(ConstantPoints.Generator, ScalarBits, x, y);
        while (x.Count < ScalarCells) { x.Add(x[^1]); y.Add(y[^1]); }
        return (new StonePeriodicColumn([.. x]), new StonePeriodicColumn([.. y]));
    }
}

namespace Zetina.Cairo.Stone.Layouts;

/// <summary>
/// Where a layout keeps the ECDSA builtin (Stone's <c>ecdsa/*</c>, repetition 0): the instance's public key and
/// message cells; the key's doublings Q·2^i; the two scalar multiplications (by the message-side scalar over the
/// generator's doublings, every <see cref="GeneratorSelector"/> step; by the r-side scalar over the key's doublings,
/// every <see cref="KeySelector"/> step) with their selectors, slopes and x-difference inverses; and the final steps'
/// helper cells.
/// </summary>
internal sealed record EcdsaColumns(
    StoneVirtualColumn PubkeyAddr,
    StoneVirtualColumn PubkeyValue,
    StoneVirtualColumn MessageAddr,
    StoneVirtualColumn MessageValue,
    StoneVirtualColumn KeyPointsX,
    StoneVirtualColumn KeyPointsY,
    StoneVirtualColumn DoublingSlope,
    StoneVirtualColumn GeneratorX,
    StoneVirtualColumn GeneratorY,
    StoneVirtualColumn GeneratorSlope,
    StoneVirtualColumn GeneratorSelector,
    StoneVirtualColumn GeneratorXDiffInv,
    StoneVirtualColumn KeyX,
    StoneVirtualColumn KeyY,
    StoneVirtualColumn KeySlope,
    StoneVirtualColumn KeySelector,
    StoneVirtualColumn KeyXDiffInv,
    StoneVirtualColumn AddResultsSlope,
    StoneVirtualColumn AddResultsInv,
    StoneVirtualColumn ExtractRSlope,
    StoneVirtualColumn ExtractRInv,
    StoneVirtualColumn ZInv,
    StoneVirtualColumn RwInv,
    StoneVirtualColumn QXSquared);

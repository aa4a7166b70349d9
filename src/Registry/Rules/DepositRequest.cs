using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>
/// Mint <paramref name="Amount"/> into <paramref name="Account"/>. Signed by the operator key
/// (<paramref name="Minter"/> is its public key, <paramref name="Nonce"/> the operator's next nonce),
/// or, on a registry started with the dev faucet, unsigned (<paramref name="Signature"/> null).
/// </summary>
public sealed record DepositRequest(Felt Account, Amount Amount, Felt Minter, ulong Nonce, Signature? Signature)
{
    /// <summary>
    /// The message the operator signs:
    /// <c>H(tag "zetina.deposit.v1", registry_id, account, amount_low128, amount_high128, minter, nonce)</c>.
    /// </summary>
    public Felt Hash(Felt registryId)
    {
        Span<Felt> xs = stackalloc Felt[7];
        xs[0] = MessageTags.Deposit;
        xs[1] = registryId;
        xs[2] = Account;
        xs[3] = Amount.Low;
        xs[4] = Amount.High;
        xs[5] = Minter;
        xs[6] = Nonce;
        return RegistryCrypto.HashMany(xs);
    }
}

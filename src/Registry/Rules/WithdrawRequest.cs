using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>Take <paramref name="Amount"/> out of <paramref name="Account"/>, signed by the account's key with its next nonce.</summary>
public sealed record WithdrawRequest(Felt Account, Amount Amount, ulong Nonce, Signature Signature)
{
    /// <summary>
    /// The message the account holder signs:
    /// <c>H(tag "zetina.withdraw.v1", registry_id, account, amount_low128, amount_high128, nonce)</c>.
    /// </summary>
    public Felt Hash(Felt registryId) => MessageFor(registryId, Account, Amount, Nonce);

    /// <summary>The signed message for these fields (what a client signs before building the request).</summary>
    public static Felt MessageFor(Felt registryId, Felt account, Amount amount, ulong nonce)
    {
        Span<Felt> xs = stackalloc Felt[6];
        xs[0] = MessageTags.Withdraw;
        xs[1] = registryId;
        xs[2] = account;
        xs[3] = amount.Low;
        xs[4] = amount.High;
        xs[5] = nonce;
        return RegistryCrypto.HashMany(xs);
    }
}

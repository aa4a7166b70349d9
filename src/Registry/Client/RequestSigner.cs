using System.Numerics;
using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Client;

/// <summary>Builds signed registry requests from a private key (what a delegator, executor or operator runs).</summary>
public static class RequestSigner
{
    /// <summary>A withdrawal of <paramref name="amount"/> from the key's own account, with the account's next <paramref name="nonce"/>.</summary>
    public static WithdrawRequest Withdraw(BigInteger privateKey, Felt registryId, Amount amount, ulong nonce)
    {
        Felt account = RegistryCrypto.PublicKey(privateKey);
        Signature sig = RegistryCrypto.Sign(privateKey, WithdrawRequest.MessageFor(registryId, account, amount, nonce));
        return new WithdrawRequest(account, amount, nonce, sig);
    }

    /// <summary>An operator-signed deposit into <paramref name="account"/>, with the operator's next <paramref name="nonce"/>.</summary>
    public static DepositRequest OperatorDeposit(BigInteger operatorKey, Felt registryId, Felt account, Amount amount, ulong nonce)
    {
        Felt minter = RegistryCrypto.PublicKey(operatorKey);
        var unsigned = new DepositRequest(account, amount, minter, nonce, null);
        return unsigned with { Signature = RegistryCrypto.Sign(operatorKey, unsigned.Hash(registryId)) };
    }

    /// <summary>An unsigned deposit, accepted only by a registry running the dev faucet.</summary>
    public static DepositRequest FaucetDeposit(Felt account, Amount amount) => new(account, amount, Felt.Zero, 0, null);

    /// <summary>The delegator's signature over <paramref name="header"/>.</summary>
    public static Signature SignJob(BigInteger delegatorKey, JobHeader header) => RegistryCrypto.Sign(delegatorKey, header.Hash());
}

using Zetina.Registry.Ledger;
using Zetina.Registry.Signing;

namespace Zetina.Registry.Rules;

internal sealed partial class RegistryRules
{
    /// <summary>The deposit source named in <see cref="RegistryEvent.Source"/>: minted by the operator's signed request.</summary>
    public const string OperatorSource = "operator";

    /// <summary>The deposit source named in <see cref="RegistryEvent.Source"/>: an unsigned deposit on a dev-faucet registry.</summary>
    public const string FaucetSource = "faucet";

    /// <summary>Mints <see cref="DepositRequest.Amount"/> into the account: signed by the operator with its next nonce, or unsigned on a dev faucet.</summary>
    public Task<RegistryOutcome<TransferReceipt>> DepositAsync(DepositRequest request)
    {
        if (CheckDeposit(request, out string source) is { } refusal) return Task.FromResult(refusal.As<TransferReceipt>());
        return ledger.WriteAsync(tx => ApplyDeposit(tx, request, source));
    }

    private Refusal? CheckDeposit(DepositRequest request, out string source)
    {
        source = FaucetSource;
        if (request.Signature is { } sig)
        {
            if (terms.OperatorKey is not { } op || request.Minter != op)
                return new Refusal(RegistryError.MintNotAllowed,
                    $"deposits are minted by the operator key; {request.Minter.ToHexString()} is not this registry's operator");
            if (!RegistryCrypto.Verify(op, request.Hash(RegistryId), sig.R, sig.S))
                return new Refusal(RegistryError.BadSignature,
                    "the deposit's signature does not verify against the operator key over H(\"zetina.deposit.v1\", registry_id, account, amount_low, amount_high, minter, nonce)");
            source = OperatorSource;
        }
        else if (!terms.DevFaucet)
        {
            return new Refusal(RegistryError.MintNotAllowed,
                "unsigned deposits need a registry started with --dev-faucet; sign the deposit with the operator key instead");
        }
        if (request.Amount.IsZero)
            return new Refusal(RegistryError.InvalidRequest, "a deposit moves a positive amount");
        return null;
    }

    private static RegistryOutcome<TransferReceipt> ApplyDeposit(ILedgerTransaction tx, DepositRequest request, string source)
    {
        if (source == OperatorSource)
        {
            var (opBalance, opNonce) = tx.ReadAccount(request.Minter);
            if (request.Nonce != opNonce)
                return RegistryOutcome<TransferReceipt>.Refuse(RegistryError.NonceMismatch,
                    $"the operator's next nonce is {opNonce}, the deposit carries {request.Nonce} (a replayed or out-of-order request)");
            tx.WriteAccount(request.Minter, opBalance, opNonce + 1);
        }
        var (minted, withdrawn, fees) = tx.ReadLedger();
        // Read after the operator's nonce write: the operator may deposit into its own account.
        var (balance, nonce) = tx.ReadAccount(request.Account);
        if (!minted.TryAdd(request.Amount, out Amount newMinted) || !balance.TryAdd(request.Amount, out Amount newBalance))
            return RegistryOutcome<TransferReceipt>.Refuse(RegistryError.AmountOverflow,
                "this deposit would take the account or the total minted past 2^256 - 1");
        tx.WriteAccount(request.Account, newBalance, nonce);
        tx.WriteLedger(newMinted, withdrawn, fees);
        long seq = tx.AppendTransfer(RegistryEventKind.Deposit, request.Account, request.Amount, source);
        return RegistryOutcome<TransferReceipt>.Success(new TransferReceipt(request.Account, request.Amount, newBalance, nonce, seq));
    }

    /// <summary>Takes funds out of an account: signed by its key with its next nonce, and only from what open jobs do not lock.</summary>
    public Task<RegistryOutcome<TransferReceipt>> WithdrawAsync(WithdrawRequest request)
    {
        if (request.Amount.IsZero)
            return Task.FromResult(RegistryOutcome<TransferReceipt>.Refuse(RegistryError.InvalidRequest, "a withdrawal moves a positive amount"));
        if (!RegistryCrypto.Verify(request.Account, request.Hash(RegistryId), request.Signature.R, request.Signature.S))
            return Task.FromResult(RegistryOutcome<TransferReceipt>.Refuse(RegistryError.BadSignature,
                "the withdrawal's signature does not verify against the account's key over H(\"zetina.withdraw.v1\", registry_id, account, amount_low, amount_high, nonce)"));
        return ledger.WriteAsync(tx => ApplyWithdrawal(tx, request));
    }

    private RegistryOutcome<TransferReceipt> ApplyWithdrawal(ILedgerTransaction tx, WithdrawRequest request)
    {
        Escrow.ReleaseExpired(tx, request.Account, terms.NowSeconds);
        var (balance, nonce) = tx.ReadAccount(request.Account);
        if (request.Nonce != nonce)
            return RegistryOutcome<TransferReceipt>.Refuse(RegistryError.NonceMismatch,
                $"the account's next nonce is {nonce}, the withdrawal carries {request.Nonce} (a replayed or out-of-order request)");
        if (Escrow.CheckUnlocked(tx, request.Account, balance, request.Amount, "requested") is { } shortfall)
            return shortfall.As<TransferReceipt>();
        balance.TrySubtract(request.Amount, out Amount newBalance);
        var (minted, withdrawn, fees) = tx.ReadLedger();
        if (!withdrawn.TryAdd(request.Amount, out Amount newWithdrawn))
            return RegistryOutcome<TransferReceipt>.Refuse(RegistryError.AmountOverflow, "the total withdrawn would pass 2^256 - 1");
        tx.WriteAccount(request.Account, newBalance, nonce + 1);
        tx.WriteLedger(minted, newWithdrawn, fees);
        long seq = tx.AppendTransfer(RegistryEventKind.Withdraw, request.Account, request.Amount, null);
        return RegistryOutcome<TransferReceipt>.Success(new TransferReceipt(request.Account, request.Amount, newBalance, nonce + 1, seq));
    }
}

using Zetina.Registry.Jobs;
using Zetina.Registry.Ledger;
using Zetina.Registry.Rules;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Http;

/// <summary>
/// Between the wire types and the rules' types. Parsing returns false with a message naming the field
/// and the problem ("field 'header.reward': amount '-5' is negative …"), never throws on bad input.
/// </summary>
public static class WireMapping
{
    /// <summary>The most output felts a witness may carry.</summary>
    public const int MaxOutputFelts = 4096;

    /// <summary>Parses a felt that must be written as 0x-hex.</summary>
    public static bool TryFelt(string? text, string field, out Felt value, out string? error)
    {
        value = default;
        error = null;
        if (text is null) { error = $"field '{field}' is missing; write a felt as 0x-prefixed hex"; return false; }
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            error = $"field '{field}': '{Clip(text)}' is not 0x-prefixed hex; felts are written like \"0x1f\"";
            return false;
        }
        if (!Felt.TryParse(text, out value, out string? why)) { error = $"field '{field}': {why}"; return false; }
        return true;
    }

    /// <summary>Parses a decimal amount.</summary>
    public static bool TryAmount(string? text, string field, out Amount value, out string? error)
    {
        if (!Amount.TryParse(text, out value, out string? why)) { error = $"field '{field}': {why}"; return false; }
        error = null;
        return true;
    }

    /// <summary>Parses a signature.</summary>
    public static bool TrySignature(SignatureDto? dto, string field, out Signature value, out string? error)
    {
        value = default;
        if (dto is null) { error = $"field '{field}' is missing"; return false; }
        if (!TryFelt(dto.R, field + ".r", out Felt r, out error) || !TryFelt(dto.S, field + ".s", out Felt s, out error)) return false;
        value = new Signature(r, s);
        return true;
    }

    /// <summary>Parses a job header.</summary>
    public static bool TryHeader(JobHeaderDto? dto, string field, out JobHeader? header, out string? error)
    {
        header = null;
        if (dto is null) { error = $"field '{field}' is missing"; return false; }
        if (!TryFelt(dto.JobId, field + ".job_id", out Felt jobId, out error)) return false;
        if (!TryFelt(dto.ProgramHash, field + ".program_hash", out Felt program, out error)) return false;
        if (!TryAmount(dto.Reward, field + ".reward", out Amount reward, out error)) return false;
        if (!TryFelt(dto.Delegator, field + ".delegator", out Felt delegator, out error)) return false;
        if (!TryFelt(dto.Nonce, field + ".nonce", out Felt nonce, out error)) return false;
        if (!TryFelt(dto.RegistryId, field + ".registry_id", out Felt registry, out error)) return false;
        if (dto.Deadline > long.MaxValue) { error = $"field '{field}.deadline': {dto.Deadline} is past 2^63 - 1 unix seconds"; return false; }
        Felt inputHash = Felt.Zero;
        if (dto.InputHash is not null && !TryFelt(dto.InputHash, field + ".input_hash", out inputHash, out error)) return false;
        ulong inputLength = dto.InputLength ?? 0;
        if (inputLength == 0 && inputHash != Felt.Zero)
        {
            error = $"field '{field}.input_hash' is {inputHash.ToHexString()} but '{field}.input_length' is 0; an unbound input has no hash (send both, or neither)";
            return false;
        }
        Felt taskProgramHash = Felt.Zero;
        if (dto.TaskProgramHash is not null && !TryFelt(dto.TaskProgramHash, field + ".task_program_hash", out taskProgramHash, out error)) return false;
        ProofFormat format = ProofFormat.Native;
        if (dto.ProofFormat is not null && !ProofFormatNames.TryParse(dto.ProofFormat, out format))
        {
            error = $"field '{field}.proof_format': '{Clip(dto.ProofFormat)}' is not a proof format; accepted: {ProofFormatNames.Accepted}";
            return false;
        }
        header = new JobHeader(jobId, program, reward, dto.StepLimit, dto.Deadline, delegator, nonce, registry, inputLength, inputHash, taskProgramHash, format);
        return true;
    }

    /// <summary>Parses a list of felts.</summary>
    public static bool TryFelts(string[]? texts, string field, out Felt[] values, out string? error)
    {
        values = [];
        error = null;
        if (texts is null) { error = $"field '{field}' is missing"; return false; }
        if (texts.Length > MaxOutputFelts) { error = $"field '{field}' has {texts.Length} felts; at most {MaxOutputFelts}"; return false; }
        var xs = new Felt[texts.Length];
        for (int i = 0; i < xs.Length; i++)
            if (!TryFelt(texts[i], $"{field}[{i}]", out xs[i], out error)) return false;
        values = xs;
        return true;
    }

    /// <summary>The wire form of a header.</summary>
    public static JobHeaderDto ToDto(JobHeader h) => new()
    {
        JobId = h.JobId.ToHexString(),
        ProgramHash = h.ProgramHash.ToHexString(),
        Reward = h.Reward.ToString(),
        StepLimit = h.StepLimit,
        Deadline = h.Deadline,
        Delegator = h.Delegator.ToHexString(),
        Nonce = h.Nonce.ToHexString(),
        RegistryId = h.RegistryId.ToHexString(),
        InputLength = h.BindsInput ? h.InputLength : null,
        InputHash = h.BindsInput ? h.InputHash.ToHexString() : null,
        TaskProgramHash = h.IsPieJob ? h.TaskProgramHash.ToHexString() : null,
        ProofFormat = h.IsStoneFormat ? h.Format.ToName() : null,
    };

    /// <summary>The wire form of a commit receipt.</summary>
    public static CommitReceiptDto ToDto(CommitReceipt r) => new()
    {
        JobId = r.JobId.ToHexString(),
        Executor = r.Executor.ToHexString(),
        Commitment = r.Commitment.ToHexString(),
        CommitSequence = r.Sequence,
        CommittedAt = r.CommittedAt,
        BlocksUntil = r.BlocksUntil,
        RevealBy = r.RevealBy,
    };

    /// <summary>A commit receipt from its wire form.</summary>
    public static CommitReceipt FromDto(CommitReceiptDto d) =>
        new(Felt.Parse(d.JobId), Felt.Parse(d.Executor), Felt.Parse(d.Commitment), d.CommitSequence, d.CommittedAt, d.BlocksUntil, d.RevealBy);

    /// <summary>The wire form of a signature.</summary>
    public static SignatureDto ToDto(Signature s) => new() { R = s.R.ToHexString(), S = s.S.ToHexString() };

    /// <summary>Hex strings of <paramref name="xs"/>.</summary>
    public static string[] ToHex(Felt[] xs)
    {
        var s = new string[xs.Length];
        for (int i = 0; i < xs.Length; i++) s[i] = xs[i].ToHexString();
        return s;
    }

    /// <summary>The wire form of a transfer receipt.</summary>
    public static TransferReceiptDto ToDto(TransferReceipt r) => new()
    {
        Account = r.Account.ToHexString(),
        Amount = r.Amount.ToString(),
        Balance = r.Balance.ToString(),
        NextNonce = r.NextNonce,
        Sequence = r.Sequence,
    };

    /// <summary>The wire form of a settlement.</summary>
    public static SettlementDto ToDto(SettlementReceipt r) => new()
    {
        JobId = r.JobId.ToHexString(),
        Delegator = r.Delegator.ToHexString(),
        Executor = r.Executor.ToHexString(),
        Reward = r.Reward.ToString(),
        Fee = r.Fee.ToString(),
        NSteps = r.NSteps,
        Output = ToHex(r.Output),
        ProofHash = r.ProofHash.ToHexString(),
        Sequence = r.Sequence,
        TaskProgramHash = r.TaskProgramHash?.ToHexString(),
    };

    /// <summary>The wire form of an account view.</summary>
    public static AccountDto ToDto(AccountView a) => new()
    {
        Account = a.Account.ToHexString(),
        Balance = a.Balance.ToString(),
        Promised = a.Promised.ToString(),
        Available = a.Available.ToString(),
        NextNonce = a.NextNonce,
    };

    /// <summary>The wire form of a job view.</summary>
    public static JobDto ToDto(JobView j) => new()
    {
        JobId = j.JobId.ToHexString(),
        Status = j.Status.ToName(),
        Delegator = j.Delegator.ToHexString(),
        Reward = j.Reward.ToString(),
        Deadline = j.Deadline,
        Executor = j.Executor?.ToHexString(),
        Fee = j.Fee?.ToString(),
        NSteps = j.NSteps,
        Output = j.Output is null ? null : ToHex(j.Output),
        ProofHash = j.ProofHash?.ToHexString(),
        Sequence = j.Sequence,
        TaskProgramHash = j.TaskProgramHash?.ToHexString(),
    };

    /// <summary>The wire form of an event.</summary>
    public static EventDto ToDto(RegistryEvent e) => new()
    {
        Sequence = e.Sequence,
        Kind = e.Kind.ToString(),
        TimeMs = e.UnixTimeMs,
        Account = e.Account?.ToHexString(),
        Amount = e.Amount?.ToString(),
        Source = e.Source,
        JobId = e.JobId?.ToHexString(),
        Delegator = e.Delegator?.ToHexString(),
        Executor = e.Executor?.ToHexString(),
        Reward = e.Reward?.ToString(),
        Fee = e.Fee?.ToString(),
        NSteps = e.NSteps,
        Output = e.Output is null ? null : ToHex(e.Output),
        ProofHash = e.ProofHash?.ToHexString(),
        TaskProgramHash = e.TaskProgramHash?.ToHexString(),
    };

    /// <summary>An event from its wire form; throws <see cref="FormatException"/> for a malformed one (a registry bug, not user input).</summary>
    public static RegistryEvent FromDto(EventDto d)
    {
        var kind = d.Kind switch
        {
            nameof(RegistryEventKind.Deposit) => RegistryEventKind.Deposit,
            nameof(RegistryEventKind.Withdraw) => RegistryEventKind.Withdraw,
            nameof(RegistryEventKind.JobSettled) => RegistryEventKind.JobSettled,
            _ => throw new FormatException($"unknown event kind '{d.Kind}'"),
        };
        return new RegistryEvent(d.Sequence, kind, d.TimeMs,
            OptFelt(d.Account), OptAmount(d.Amount), d.Source, OptFelt(d.JobId), OptFelt(d.Delegator), OptFelt(d.Executor),
            OptAmount(d.Reward), OptAmount(d.Fee), d.NSteps, d.Output is null ? null : ParseFelts(d.Output), OptFelt(d.ProofHash))
        {
            TaskProgramHash = OptFelt(d.TaskProgramHash),
        };
    }

    /// <summary>An account view from its wire form.</summary>
    public static AccountView FromDto(AccountDto d) =>
        new(Felt.Parse(d.Account), Amount.Parse(d.Balance), Amount.Parse(d.Promised), Amount.Parse(d.Available), d.NextNonce);

    /// <summary>A job view from its wire form.</summary>
    public static JobView FromDto(JobDto d) =>
        new(Felt.Parse(d.JobId), JobStatusNames.Parse(d.Status), Felt.Parse(d.Delegator), Amount.Parse(d.Reward), d.Deadline, OptFelt(d.Executor), OptAmount(d.Fee),
            d.NSteps, d.Output is null ? null : ParseFelts(d.Output), OptFelt(d.ProofHash), d.Sequence) { TaskProgramHash = OptFelt(d.TaskProgramHash) };

    /// <summary>A transfer receipt from its wire form.</summary>
    public static TransferReceipt FromDto(TransferReceiptDto d) =>
        new(Felt.Parse(d.Account), Amount.Parse(d.Amount), Amount.Parse(d.Balance), d.NextNonce, d.Sequence);

    /// <summary>A settlement from its wire form.</summary>
    public static SettlementReceipt FromDto(SettlementDto d) =>
        new(Felt.Parse(d.JobId), Felt.Parse(d.Delegator), Felt.Parse(d.Executor), Amount.Parse(d.Reward), Amount.Parse(d.Fee), d.NSteps,
            ParseFelts(d.Output), Felt.Parse(d.ProofHash), d.Sequence) { TaskProgramHash = OptFelt(d.TaskProgramHash) };

    private static Felt? OptFelt(string? s) => s is null ? null : Felt.Parse(s);

    private static Amount? OptAmount(string? s) => s is null ? null : Amount.Parse(s);

    private static Felt[] ParseFelts(string[] s)
    {
        var xs = new Felt[s.Length];
        for (int i = 0; i < s.Length; i++) xs[i] = Felt.Parse(s[i]);
        return xs;
    }

    private static string Clip(string s) => s.Length <= 80 ? s : s[..80] + "…";
}

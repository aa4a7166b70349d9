using Zetina.Registry.Jobs;
using Zetina.Registry.Signing;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>
/// An executor's claim: the delegator's signed <paramref name="Header"/>, the <paramref name="JobId"/> it answers,
/// the <paramref name="Executor"/> address to pay, the <paramref name="Proof"/> bytes and the
/// <paramref name="Output"/> the executor says the program wrote (checked against the proof's public input).
/// </summary>
public sealed record WitnessSubmission(JobHeader Header, Signature DelegatorSignature, Felt JobId, Felt Executor, byte[] Proof, Felt[] Output);

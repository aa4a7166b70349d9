using System.Text.Json;
using System.Text.Json.Serialization;
using Zetina.Node.Executor;

namespace Zetina.Node.Api;

/// <summary>
/// <c>POST /v1/jobs</c>: a program (the cairo-compile JSON object), its input, and the offer — or, in place of the
/// program, <c>pie</c>: a Cairo PIE zip in base64, run as the one task of the node's bootloader. <c>proof_format</c>:
/// <c>"native"</c> (the default) or <c>"stone"</c>, the proof format the signed header asks for.
/// </summary>
internal sealed record SubmitJobRequest(
    JsonElement? Program,
    JsonElement? ProgramInput,
    string? Layout,
    string Reward,
    ulong? DeadlineSeconds,
    ulong? MaxSteps,
    bool? BindInput = null,
    string? Pie = null,
    string? ProofFormat = null);

/// <summary>
/// The published job; <c>input_length</c> is the number of felts the header binds (0: none); a PIE job's
/// <c>task_program_hash</c> is its task's program hash (its <c>program_hash</c> the bootloader's); <c>proof_format</c> the
/// format the header asks for.
/// </summary>
internal sealed record SubmitJobResponse(string JobId, string ProgramHash, string Reward, ulong Deadline, ulong StepLimit, ulong InputLength,
    string? TaskProgramHash = null, string ProofFormat = "native");

/// <summary><c>GET /v1/status</c>.</summary>
internal sealed record StatusDto(
    string PeerId,
    string Address,
    string Role,
    int Peers,
    string[] ListenAddresses,
    Dictionary<string, int> Jobs,
    long StepsProved,
    double ProvingSeconds,
    double StepsPerSecond);

/// <summary><c>GET /health</c>.</summary>
internal sealed record NodeHealthDto(string Status, string PeerId);

/// <summary>An error answer, RFC 9457 problem+json.</summary>
internal sealed record NodeProblemDto(string Type, string Title, int Status, string Detail);

/// <summary>One event of a job's SSE stream.</summary>
internal sealed record JobEventDto(long Sequence, string Job, string Type, string? Detail, DateTimeOffset At);

/// <summary>One connected libp2p peer, for <c>GET /v1/peers</c>.</summary>
internal sealed record PeerDto(string PeerId, string Address, bool Outbound);

/// <summary><c>GET /v1/peers</c>: the peers with an open connection.</summary>
internal sealed record PeersDto(PeerDto[] Peers);

/// <summary>One settlement of the registry's event log, as <c>GET /v1/settlements</c> lists it.</summary>
internal sealed record RegistrySettlementDto(
    long Sequence, long TimeMs, string JobId, string? Delegator, string? Executor, string? Reward, string? Fee, ulong? NSteps,
    string[] Output, string? ProofHash);

/// <summary><c>GET /v1/settlements</c>: the registry's latest settlements, oldest first.</summary>
internal sealed record SettlementsDto(RegistrySettlementDto[] Settlements);

/// <summary>A settled job as <c>zetina delegate --wait --json</c> prints it.</summary>
internal sealed record SettlementDto(string JobId, string Executor, string[] Output, ulong NSteps, string ProofHash, string? TaskProgramHash = null);

/// <summary>The outcome of <c>zetina demo --json</c>.</summary>
internal sealed record DemoResultDto(
    string JobId, string Executor, string Winner, string[] Output, bool OutputCorrect, ulong NSteps, string Reward, string Fee,
    string ProofHash, double? PublishToProvingMs, double SettleS, double TotalS);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SubmitJobRequest))]
[JsonSerializable(typeof(SubmitJobResponse))]
[JsonSerializable(typeof(StatusDto))]
[JsonSerializable(typeof(NodeHealthDto))]
[JsonSerializable(typeof(NodeProblemDto))]
[JsonSerializable(typeof(JobEventDto))]
[JsonSerializable(typeof(JobEntry))]
[JsonSerializable(typeof(SettlementDto))]
[JsonSerializable(typeof(PeersDto))]
[JsonSerializable(typeof(SettlementsDto))]
[JsonSerializable(typeof(DemoResultDto))]
internal sealed partial class NodeJsonContext : JsonSerializerContext;

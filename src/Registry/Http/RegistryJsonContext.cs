using System.Text.Json.Serialization;

namespace Zetina.Registry.Http;

/// <summary>
/// Source-generated JSON for every registry wire type (no reflection: the node is native AOT).
/// snake_case names; unknown members are refused so a misspelt field is reported, not ignored.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(DepositBody))]
[JsonSerializable(typeof(WithdrawBody))]
[JsonSerializable(typeof(JobRegistrationBody))]
[JsonSerializable(typeof(WitnessBody))]
[JsonSerializable(typeof(CommitBody))]
[JsonSerializable(typeof(CommitReceiptDto))]
[JsonSerializable(typeof(RevealBody))]
[JsonSerializable(typeof(TransferReceiptDto))]
[JsonSerializable(typeof(JobRegistrationDto))]
[JsonSerializable(typeof(SettlementDto))]
[JsonSerializable(typeof(AccountDto))]
[JsonSerializable(typeof(JobDto))]
[JsonSerializable(typeof(EventDto))]
[JsonSerializable(typeof(EventsPageDto))]
[JsonSerializable(typeof(HealthDto))]
[JsonSerializable(typeof(ProblemDto))]
public sealed partial class RegistryJsonContext : JsonSerializerContext;

using Zetina.Registry.Ledger;
using Zetina.Stark.Field;

namespace Zetina.Registry.Rules;

/// <summary>
/// An account as the registry sees it now: its <paramref name="Balance"/>, the rewards of its open,
/// unexpired registered jobs (<paramref name="Promised"/>), what is left after them
/// (<paramref name="Available"/>, zero when promises exceed the balance) and the nonce its next signed request must carry.
/// </summary>
public sealed record AccountView(Felt Account, Amount Balance, Amount Promised, Amount Available, ulong NextNonce);

namespace Amove.CloudAccounts.Core.Entities;

/// <summary>
/// An OAuth connect flow's state that a callback has already used. The state itself travels sealed through the
/// browser; only its id is kept, so a replayed callback is refused on every instance of a fleet.
/// </summary>
public sealed class ConsumedOAuthState
{
    public Guid Id { get; init; }

    public DateTime ConsumedAt { get; init; }

    /// <summary>When the state would have expired anyway; after that the row can be removed.</summary>
    public DateTime ExpiresAt { get; init; }
}

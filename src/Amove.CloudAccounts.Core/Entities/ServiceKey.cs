namespace Amove.CloudAccounts.Core.Entities;

/// <summary>
/// A key the service made for itself (such as the API-token signing key when none is configured), kept in the database
/// so every instance of a fleet uses the same one. <see cref="Value"/> is encrypted at rest.
/// </summary>
public sealed class ServiceKey
{
    public required string Name { get; init; }

    public required string Value { get; init; }

    public DateTime CreatedAt { get; init; }
}

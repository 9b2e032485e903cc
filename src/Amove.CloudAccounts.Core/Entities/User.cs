namespace Amove.CloudAccounts.Core.Entities;

/// <summary>A user as last seen in a token; <see cref="Active"/> lets operators lock a user out.</summary>
public sealed class User
{
    public Guid Id { get; init; }

    public Guid AccountId { get; set; }

    public UserType UserType { get; set; }

    public string? Email { get; set; }

    public bool Active { get; set; } = true;

    public DateTime CreatedAt { get; init; }
}

namespace Amove.CloudAccounts.Core.Entities;

/// <summary>An Amove account (tenant), recorded the first time one of its users calls the service.</summary>
public sealed class Account
{
    public Guid Id { get; init; }

    public DateTime CreatedAt { get; init; }
}

using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Core.AmoveStorage.Contracts;

/// <summary>The body of idrive_add_storage.</summary>
/// <param name="RegionName">A region's key (<c>OR</c>) or code (<c>us-or</c>); the default region when omitted.</param>
/// <param name="StorageTier">1 Perform, 2 Global, 4 Scale or 8 Archive.</param>
/// <param name="Shared">Whether the storage is shared within the Amove account.</param>
/// <param name="DefaultPassword">The host-side user's password; generated when omitted.</param>
public sealed record AddStorageRequest(string? RegionName, StorageTier StorageTier, bool Shared, string? DefaultPassword)
{
    /// <summary>Passwords are never printed, should a request ever be logged.</summary>
    public override string ToString() =>
        $"AddStorageRequest {{ RegionName = {RegionName}, StorageTier = {StorageTier}, Shared = {Shared} }}";
}

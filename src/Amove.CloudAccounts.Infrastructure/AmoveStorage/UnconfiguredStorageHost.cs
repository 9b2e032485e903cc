using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.Errors;

namespace Amove.CloudAccounts.Infrastructure.AmoveStorage;

/// <summary>
/// Stands in for a host whose settings are absent outside Production (the embedded default run), so that the rest
/// of the API works and hosted-storage calls say plainly why they cannot.
/// </summary>
internal sealed class UnconfiguredStorageHost : IAmoveStorageHost
{
    public const string Message = "Amove-hosted storage is not configured on this server.";

    public Task<IReadOnlyList<HostRegion>> ListRegionsAsync(CancellationToken cancellationToken) => throw NotConfigured();

    public Task<HostUser> CreateUserAsync(HostUserRequest request, CancellationToken cancellationToken) => throw NotConfigured();

    public Task RemoveUserAsync(HostUser user, CancellationToken cancellationToken) => throw NotConfigured();

    public Task<RegionAccess> EnableRegionAsync(HostUser user, HostRegion region, CancellationToken cancellationToken) =>
        throw NotConfigured();

    public Task DisableRegionAsync(HostUser user, RegionAccess access, CancellationToken cancellationToken) => throw NotConfigured();

    public Task<long> ReadUsageBytesAsync(HostUser user, IReadOnlyList<HostedBucket> buckets, CancellationToken cancellationToken) =>
        throw NotConfigured();

    private static AmoveException NotConfigured() => new(ErrorCodes.Default, Message);
}

using System.Collections.Concurrent;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Core.AmoveStorage;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage;

/// <summary>Counts the calls the service makes to the storage host, around the host registered in the app.</summary>
public sealed class RecordingStorageHost
{
    private readonly ConcurrentQueue<string> _calls = new();

    public IReadOnlyList<string> Calls => [.. _calls];

    public int Count(string operation) => _calls.Count(call => call == operation);

    /// <summary>An operation (e.g. <c>nameof(IAmoveStorageHost.DisableRegionAsync)</c>) the host refuses from now on, as a host failure.</summary>
    public string? Failing { get; set; }

    /// <summary>Replaces the registered <see cref="IAmoveStorageHost"/> with one that records, then delegates to it.</summary>
    public void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IAmoveStorageHost));
        services.Remove(registered);
        services.AddSingleton<IAmoveStorageHost>(provider => new Recorder(
            (IAmoveStorageHost)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!), this));
    }

    private void Record(string operation)
    {
        _calls.Enqueue(operation);
        if (Failing == operation)
        {
            throw new StorageProviderException(ProviderFailure.Unavailable, $"The test host refuses {operation}.");
        }
    }

    private sealed class Recorder(IAmoveStorageHost inner, RecordingStorageHost recording) : IAmoveStorageHost
    {
        public Task<IReadOnlyList<HostRegion>> ListRegionsAsync(CancellationToken cancellationToken) => inner.ListRegionsAsync(cancellationToken);

        public Task<HostUser> CreateUserAsync(HostUserRequest request, CancellationToken cancellationToken)
        {
            recording.Record(nameof(CreateUserAsync));
            return inner.CreateUserAsync(request, cancellationToken);
        }

        public Task RemoveUserAsync(HostUser user, CancellationToken cancellationToken)
        {
            recording.Record(nameof(RemoveUserAsync));
            return inner.RemoveUserAsync(user, cancellationToken);
        }

        public Task<RegionAccess> EnableRegionAsync(HostUser user, HostRegion region, CancellationToken cancellationToken)
        {
            recording.Record(nameof(EnableRegionAsync));
            return inner.EnableRegionAsync(user, region, cancellationToken);
        }

        public Task DisableRegionAsync(HostUser user, RegionAccess access, CancellationToken cancellationToken)
        {
            recording.Record(nameof(DisableRegionAsync));
            return inner.DisableRegionAsync(user, access, cancellationToken);
        }

        public Task<long> ReadUsageBytesAsync(HostUser user, IReadOnlyList<HostedBucket> buckets, CancellationToken cancellationToken) =>
            inner.ReadUsageBytesAsync(user, buckets, cancellationToken);
    }
}

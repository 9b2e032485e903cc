using System.Net;
using Amove.CloudAccounts.Connectors.Outbound;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Benchmarks;

/// <summary>insert vets its serviceUrl with the guard before any connection; the same checks run at connect time.</summary>
[MemoryDiagnoser]
public class OutboundGuardBenchmarks
{
    private static readonly Uri PublicIpLiteral = new("https://52.216.8.10/");
    private static readonly Uri PublicHostName = new("https://s3.eu-central-1.wasabisys.com/");
    private static readonly Uri CloudMetadata = new("http://169.254.169.254/latest/meta-data/");

    private OutboundGuard _guard = null!;

    [GlobalSetup]
    public void Setup() => _guard = new OutboundGuard(
        Options.Create(new OutboundOptions { AllowedHosts = ["minio:9000", "storage.internal"] }),
        new FixedHostResolver());

    // Target: < 5 µs: parsing and range checks only, no I/O.
    [Benchmark]
    public Task IpLiteralAllowed() => _guard.EnsureAllowedAsync(PublicIpLiteral, CancellationToken.None);

    // Target: < 5 µs on top of the resolver (DNS itself is outside this benchmark: the resolver answers at once).
    [Benchmark]
    public Task HostNameAllowed() => _guard.EnsureAllowedAsync(PublicHostName, CancellationToken.None);

    // Target: < 50 µs: the refusal path throws, but it is rare and ends the request.
    [Benchmark]
    public async Task<bool> MetadataBlocked()
    {
        try
        {
            await _guard.EnsureAllowedAsync(CloudMetadata, CancellationToken.None);
            return false;
        }
        catch (OutboundBlockedException)
        {
            return true;
        }
    }

    /// <summary>Answers every name with one public address, synchronously, so only the guard is measured.</summary>
    private sealed class FixedHostResolver : IHostResolver
    {
        private static readonly IPAddress[] Addresses = [IPAddress.Parse("130.117.252.11")];

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult(Addresses);
    }
}

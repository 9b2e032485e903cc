using Amove.CloudAccounts.Core.CloudAccounts;
using BenchmarkDotNet.Attributes;

namespace Amove.CloudAccounts.Benchmarks;

/// <summary>Every truncated list_objects page seals the provider's cursor, and every next-page request opens one.</summary>
[MemoryDiagnoser]
public class ContinuationTokenBenchmarks
{
    private static readonly ListingScope Scope = new(
        Guid.Parse("5f0c7a52-2d7e-4d0b-9a43-1c2b3d4e5f60"), "media-archive", "", "projects/2024/footage/");

    // About the size of an S3 NextContinuationToken.
    private static readonly string ProviderCursor = new('c', 140);

    private TemporaryKeyRing _keyRing = null!;
    private ContinuationTokens _tokens = null!;
    private string _token = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keyRing = new TemporaryKeyRing();
        _tokens = new ContinuationTokens(_keyRing.Provider, TimeProvider.System);
        _token = _tokens.Seal(Scope, ProviderCursor);
    }

    [GlobalCleanup]
    public void Cleanup() => _keyRing.Dispose();

    // Target: < 50 µs, well under 5% of what list_objects may add to a provider call (+3 ms at p90).
    [Benchmark]
    public string Seal() => _tokens.Seal(Scope, ProviderCursor);

    // Target: < 50 µs, well under 5% of what list_objects may add to a provider call (+3 ms at p90).
    [Benchmark]
    public string Open() => _tokens.Open(_token, Scope);
}

using Amove.CloudAccounts.Core.Security;
using BenchmarkDotNet.Attributes;

namespace Amove.CloudAccounts.Benchmarks;

/// <summary>
/// Stored credentials are decrypted on every request that touches an account: get_all decrypts each
/// listed account's access key (20 per call here), list_objects/list_buckets the access and secret key.
/// </summary>
[MemoryDiagnoser]
public class CredentialProtectorBenchmarks
{
    // A 40-character secret, the length of an AWS secret access key.
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private TemporaryKeyRing _keyRing = null!;
    private CredentialProtector _protector = null!;
    private string _ciphertext = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keyRing = new TemporaryKeyRing();
        _protector = new CredentialProtector(_keyRing.Provider);
        // Also creates the key, so neither benchmark measures first-use key generation.
        _ciphertext = _protector.Protect(Secret);
    }

    [GlobalCleanup]
    public void Cleanup() => _keyRing.Dispose();

    // Target: < 50 µs, well under 5% of a get_all request (~1-1.5 ms here, scripts/load.sh); paid once per insert.
    [Benchmark]
    public string Protect() => _protector.Protect(Secret);

    // Target: < 50 µs, well under 5% of a get_all request (~1-1.5 ms here); get_all pays it once per listed account.
    [Benchmark]
    public string Unprotect() => _protector.Unprotect(_ciphertext);
}

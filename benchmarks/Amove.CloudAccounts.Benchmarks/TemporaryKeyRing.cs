using Microsoft.AspNetCore.DataProtection;

namespace Amove.CloudAccounts.Benchmarks;

/// <summary>
/// A file-system key ring in a fresh temporary folder, as the API persists one (same default algorithms:
/// AES-256-CBC + HMACSHA256), so the benchmarks never read or write the developer's own key ring.
/// </summary>
public sealed class TemporaryKeyRing : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("amove-bench-keys-");

    public TemporaryKeyRing() => Provider = DataProtectionProvider.Create(_directory);

    public IDataProtectionProvider Provider { get; }

    public void Dispose() => _directory.Delete(recursive: true);
}

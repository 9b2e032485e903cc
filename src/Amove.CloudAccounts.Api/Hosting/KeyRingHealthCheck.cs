using System.Security.Cryptography;
using Amove.CloudAccounts.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Amove.CloudAccounts.Api.Hosting;

/// <summary>
/// Ready only if the key ring can still decrypt what is stored. A lost or wrong key directory otherwise goes
/// unnoticed (Data Protection silently creates a new key) until every browse call fails.
/// </summary>
internal sealed class KeyRingHealthCheck(CloudAccountsDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Reading a secret decrypts it; the newest row is the one most likely protected by the current key.
            _ = await db.CloudAccounts.IgnoreQueryFilters()
                .Where(a => a.SecretKey != null || a.CredentialsData != null)
                .OrderByDescending(a => a.CreatedAt)
                .Select(a => new { a.SecretKey, a.CredentialsData })
                .FirstOrDefaultAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (CryptographicException)
        {
            return HealthCheckResult.Unhealthy("The data-protection key ring cannot decrypt the stored credentials.");
        }
    }
}

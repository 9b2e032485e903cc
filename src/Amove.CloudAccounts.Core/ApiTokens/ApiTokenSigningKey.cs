using System.Security.Cryptography;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Amove.CloudAccounts.Core.ApiTokens;

/// <summary>
/// The key API tokens are signed with: <c>ApiTokens:SigningKey</c> when configured, otherwise one the service makes once
/// and keeps in the database (encrypted), so that every instance of a fleet reads the same key.
/// </summary>
public sealed class ApiTokenSigningKey(IOptions<ApiTokensOptions> options, IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    public const string KeyName = "api-token-signing-key";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SymmetricSecurityKey? _key;

    public async ValueTask<SecurityKey> GetAsync(CancellationToken cancellationToken)
    {
        if (_key is not null)
        {
            return _key;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _key ??= new SymmetricSecurityKey(options.Value.ConfiguredKey() ?? await LoadOrCreateAsync(cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();

        // Two instances starting together may both find no key: the primary key lets one insert win, and the other
        // reads the winner's key on its second look.
        for (var attempt = 1; ; attempt++)
        {
            var stored = await db.ServiceKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Name == KeyName, cancellationToken);
            if (stored is not null)
            {
                return Convert.FromBase64String(stored.Value);
            }

            var key = RandomNumberGenerator.GetBytes(SymmetricSigningKeys.MinimumKeyBytes);
            db.ServiceKeys.Add(new ServiceKey { Name = KeyName, Value = Convert.ToBase64String(key), CreatedAt = clock.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return key;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}

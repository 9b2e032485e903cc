using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Amove.CloudAccounts.Api.Tests.Hosting;

/// <summary>Counts the API's database connections and can make every new one fail, as in an outage.</summary>
internal sealed class SwitchableDatabase : DbConnectionInterceptor
{
    private int _opened;

    public int Opened => Volatile.Read(ref _opened);

    public bool Down { get; set; }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        Down ? throw new InvalidOperationException("The database is down (simulated).") : ValueTask.FromResult(result);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _opened);
        return Task.CompletedTask;
    }
}

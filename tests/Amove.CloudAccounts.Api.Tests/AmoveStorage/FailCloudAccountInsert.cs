using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Amove.CloudAccounts.Api.Tests.AmoveStorage;

/// <summary>
/// Once armed, fails the insert of a cloud account (the last save of a provisioning, which also queues the welcome e-mail),
/// after noting the bucket the claim row is about to get.
/// </summary>
public sealed class FailCloudAccountInsert : DbCommandInterceptor
{
    public volatile bool Armed;

    public string? BucketCreatedBefore { get; private set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        Intercept(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        Intercept(command, result);

    private ValueTask<T> Intercept<T>(DbCommand command, T result)
    {
        if (Armed && command.CommandText.Contains("INSERT INTO cloud_accounts", StringComparison.Ordinal))
        {
            BucketCreatedBefore = command.Parameters.Cast<DbParameter>().Select(p => p.Value).OfType<string>()
                .FirstOrDefault(value => value.StartsWith("amove-", StringComparison.Ordinal));
            throw new DbUpdateException("The test database refuses the insert.", new NpgsqlException("refused"));
        }

        return ValueTask.FromResult(result);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Core.Data.Postgres;

/// <summary>The PostgreSQL flavour of the context; owns the PostgreSQL migrations.</summary>
public sealed class PostgresCloudAccountsDbContext(DbContextOptions<PostgresCloudAccountsDbContext> options)
    : CloudAccountsDbContext(options)
{
    // Read once per (pooled) context: the same retry limits as the context's own strategy.
    private readonly DatabaseOptions _settings =
        options.FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<IOptions<DatabaseOptions>>()?.Value
        ?? new DatabaseOptions();

    internal override IExecutionStrategy WholeReadStrategy() =>
        new WholeReadRetryingStrategy(this, _settings.MaxRetryCount, TimeSpan.FromMilliseconds(_settings.MaxRetryDelayMilliseconds));
}

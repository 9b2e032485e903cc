using System.Data.Common;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.ApiTokens;
using Amove.CloudAccounts.Core.AmoveStorage.Usage;
using Amove.CloudAccounts.Core.CloudAccounts;
using Amove.CloudAccounts.Core.CloudAccounts.OAuth;
using Amove.CloudAccounts.Core.CloudAccounts.Validation;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Data.Postgres;
using Amove.CloudAccounts.Core.Data.Sqlite;
using Amove.CloudAccounts.Core.Email;
using Amove.CloudAccounts.Core.Identity;
using Amove.CloudAccounts.Core.Security;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Microsoft.Extensions.DependencyInjection;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The database chosen by <c>Database:Provider</c>, with encrypted credential columns.</summary>
    public static IServiceCollection AddCloudAccountsData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);

        services.TryAddSingleton<CredentialProtector>();
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is required when Database:Provider is Postgres.");
                }

                // Pooled: a request leases a ready context instead of building one and its services. Thread-safety checks
                // off: each request uses its context from one flow only, and the checks cost two async-local writes per
                // row read (measured on get_all: a fifth of its allocations).
                services.AddDbContextPool<CloudAccountsDbContext, PostgresCloudAccountsDbContext>(db => db
                    .UseNpgsql(WithAutoPrepare(connectionString, options.MaxAutoPrepare), npgsql => npgsql
                        .EnableRetryOnFailure(options.MaxRetryCount, TimeSpan.FromMilliseconds(options.MaxRetryDelayMilliseconds), null)
                        .CommandTimeout(options.CommandTimeoutSeconds))
                    .UseSnakeCaseNamingConvention()
                    .EnableThreadSafetyChecks(false)
                    .ReplaceService<IModelCacheKeyFactory, CredentialProtectorModelCacheKeyFactory>());
                break;
            default:
                services.AddDbContextPool<CloudAccountsDbContext, SqliteCloudAccountsDbContext>(db => db
                    .UseSqlite(string.IsNullOrWhiteSpace(connectionString) ? "Data Source=cloudaccounts.db" : connectionString)
                    .UseSnakeCaseNamingConvention()
                    .EnableThreadSafetyChecks(false)
                    .ReplaceService<IModelCacheKeyFactory, CredentialProtectorModelCacheKeyFactory>());
                break;
        }

        return services;
    }

    // Prepared statements took get_all from 0.66–0.70 to 0.79–0.83 of the lean reference's throughput (side by side): the
    // server no longer parses and plans the same few queries on every request.
    private static string WithAutoPrepare(string connectionString, int maxAutoPrepare)
    {
        // Npgsql's own builder reports every keyword it knows as present, so ask which keys the string actually names.
        var named = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase));
        return named ? connectionString : new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = maxAutoPrepare }.ConnectionString;
    }

    /// <summary>The cloud-account services and their validators.</summary>
    public static IServiceCollection AddCloudAccountServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ContinuationTokens>();
        services.TryAddSingleton<StorageConnectors>();
        services.TryAddSingleton<StoredOAuthTokens>();
        services.TryAddSingleton<RecordedUsers>();
        services.TryAddScoped<UserDirectory>();
        services.TryAddScoped<CloudAccountService>();
        services.AddValidatorsFromAssemblyContaining<InsertCloudAccountRequestValidator>(ServiceLifetime.Singleton);
        return services;
    }

    /// <summary>Amove-hosted storage and the e-mail outbox; the host and the e-mail sender are registered elsewhere.</summary>
    public static IServiceCollection AddAmoveStorageServices(this IServiceCollection services)
    {
        services.AddOptions<AmoveStorageOptions>()
            .BindConfiguration(AmoveStorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UsageSamplingSignal>();
        services.TryAddScoped<EmailOutbox>();
        services.TryAddScoped<AmoveStorageService>();
        services.AddEmailOutbox();
        services.AddUsageSampling();
        return services;
    }

    /// <summary>API tokens: the service that issues and revokes them, and what authenticates them.</summary>
    public static IServiceCollection AddApiTokens(this IServiceCollection services)
    {
        services.AddOptions<ApiTokensOptions>()
            .BindConfiguration(ApiTokensOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiTokensOptions>, ApiTokensOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ApiTokenSigningKey>();
        services.TryAddScoped<ApiTokenAuthenticator>();
        services.TryAddScoped<ApiTokenService>();
        return services;
    }
}

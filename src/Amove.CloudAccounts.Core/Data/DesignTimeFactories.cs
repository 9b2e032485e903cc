using Amove.CloudAccounts.Core.Data.Postgres;
using Amove.CloudAccounts.Core.Data.Sqlite;
using Amove.CloudAccounts.Core.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Design;

namespace Amove.CloudAccounts.Core.Data;

// `dotnet ef migrations add` builds the model only: no real database or key ring is involved.
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCloudAccountsDbContext>
{
    public PostgresCloudAccountsDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<PostgresCloudAccountsDbContext>()
            .UseNpgsql("Host=localhost;Database=cloudaccounts")
            .UseSnakeCaseNamingConvention()
            .UseApplicationServiceProvider(DesignTimeServices.Instance)
            .Options);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCloudAccountsDbContext>
{
    public SqliteCloudAccountsDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<SqliteCloudAccountsDbContext>()
            .UseSqlite("Data Source=cloudaccounts.db")
            .UseSnakeCaseNamingConvention()
            .UseApplicationServiceProvider(DesignTimeServices.Instance)
            .Options);
}

internal static class DesignTimeServices
{
    /// <summary>A throwaway protector: the model needs one for its converters, and nothing is ever encrypted.</summary>
    public static IServiceProvider Instance { get; } = new ServiceCollection()
        .AddSingleton(new CredentialProtector(new EphemeralDataProtectionProvider()))
        .BuildServiceProvider();
}

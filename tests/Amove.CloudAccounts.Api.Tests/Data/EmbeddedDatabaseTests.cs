using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Data;
using Amove.CloudAccounts.Core.Data.Sqlite;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Api.Tests.Data;

/// <summary>The newcomer's default: the same API on an embedded SQLite file, migrated at startup.</summary>
[Collection(ApiCollection.Name)]
public sealed class EmbeddedDatabaseTests(CloudAccountsApiFactory api) : IDisposable
{
    private readonly string _databaseFile = Path.Combine(Path.GetTempPath(), $"amove-{Guid.NewGuid():N}.db");

    private WebApplicationFactory<Program> OnSqlite() => api.WithWebHostBuilder(builder => builder
        .UseSetting("Database:Provider", "Sqlite")
        .UseSetting("ConnectionStrings:CloudAccounts", $"Data Source={_databaseFile}"));

    [Fact]
    public async Task The_api_runs_end_to_end_on_the_embedded_database()
    {
        using var sqlite = OnSqlite();
        var tenant = new TestTenant();
        using var owner = sqlite.CreateClientFor(tenant.Owner);
        using var admin = sqlite.CreateClientFor(tenant.DesktopAdmin);

        var created = await (await owner.PostJsonAsync(CloudAccountApi.Insert, CloudAccountApi.S3GenericAccount("On SQLite", shared: true)))
            .ShouldBeOkJsonObjectAsync();
        await (await owner.PostJsonAsync(CloudAccountApi.Insert, CloudAccountApi.S3GenericAccount("Also on SQLite")))
            .ShouldBeOkJsonObjectAsync();
        var byDate = await (await owner.GetAsync($"{CloudAccountApi.GetAll}?sortField=CreateDate&descending=true"))
            .ShouldBeOkJsonObjectAsync();
        var seenByAdmin = await admin.GetAllDataAsync();
        await (await owner.DeleteAsync(CloudAccountApi.Delete(Guid.Parse((string)created["id"]!)))).ShouldBeOkJsonAsync();

        Assert.True(File.Exists(_databaseFile));
        Assert.Equal(["Also on SQLite", "On SQLite"], byDate["data"]!.AsArray().Select(a => (string)a!["name"]!));
        Assert.Equal("S3R*****", (string?)byDate["data"]![0]!["accessKey"]);
        Assert.Equal(["On SQLite"], seenByAdmin.Select(a => (string)a!["name"]!));
        Assert.Equal(["Also on SQLite"], (await owner.GetAllDataAsync()).Select(a => (string)a!["name"]!));
        Assert.Equal(0L, await api.CountCloudAccountsAsync(tenant.AccountId));
    }

    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        using var sqlite = OnSqlite();
        using var scope = sqlite.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();

        Assert.IsType<SqliteCloudAccountsDbContext>(db);
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(db.Database.GetPendingMigrations());
    }

    [Fact]
    public void The_postgres_migrations_match_the_model()
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(db.Database.GetPendingMigrations());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _databaseFile, _databaseFile + "-wal", _databaseFile + "-shm" })
        {
            File.Delete(file);
        }
    }
}

using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Api.Tests.Data;

/// <summary>On PostgreSQL the service keeps its frequent statements prepared, so the server plans them once per connection.</summary>
[Collection(ApiCollection.Name)]
public sealed class PreparedStatementsTests(CloudAccountsApiFactory api)
{
    // Npgsql prepares a statement automatically from its fifth use on a connection.
    private const int UsesBeforePrepared = 5;

    [Fact]
    public async Task A_query_repeated_on_a_connection_is_prepared()
    {
        Assert.True(await PreparedAfterRepeatingAQueryAsync(api) > 0);
    }

    [Fact]
    public async Task Max_Auto_Prepare_in_the_connection_string_wins_over_the_setting()
    {
        using var unprepared = api.WithWebHostBuilder(builder => builder
            .UseSetting("ConnectionStrings:CloudAccounts", api.ConnectionString + ";Max Auto Prepare=0"));

        Assert.Equal(0, await PreparedAfterRepeatingAQueryAsync(unprepared));
    }

    [Fact]
    public async Task Database_MaxAutoPrepare_zero_turns_preparation_off()
    {
        using var unprepared = api.WithWebHostBuilder(builder => builder.UseSetting("Database:MaxAutoPrepare", "0"));

        Assert.Equal(0, await PreparedAfterRepeatingAQueryAsync(unprepared));
    }

    private static async Task<int> PreparedAfterRepeatingAQueryAsync(WebApplicationFactory<Program> factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CloudAccountsDbContext>();
        var probe = Guid.NewGuid();

        // One connection for the whole probe: prepared statements belong to the connection's server session.
        await db.Database.OpenConnectionAsync();
        try
        {
            for (var use = 0; use <= UsesBeforePrepared; use++)
            {
                await db.CloudAccounts.CountAsync(account => account.AccountId == probe);
            }

            return await db.Database
                .SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM pg_prepared_statements")
                .SingleAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

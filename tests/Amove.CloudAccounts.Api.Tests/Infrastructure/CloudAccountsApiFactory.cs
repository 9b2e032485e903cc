using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// The real API pipeline on a fresh PostgreSQL database (created here, migrated by the app at
/// startup, dropped at the end) with every S3-family endpoint pointed at the local s3rver, and Azurite reachable.
/// </summary>
public class CloudAccountsApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _databaseName = $"amove_test_{Guid.NewGuid():N}";
    private readonly string _keysDirectory = Directory.CreateTempSubdirectory("amove-keys-").FullName;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString)
    {
        Database = _databaseName,
    }.ConnectionString;

    public string DatabaseName => _databaseName;

    public S3TestServer S3 { get; } = new();

    /// <summary>Extra settings a derived fixture may add before the host starts.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var s3 = TestEnvironment.S3Url.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:CloudAccounts"] = ConnectionString,
            ["Authentication:Schemes:Bearer:ValidIssuer"] = TestTokens.Issuer,
            ["Authentication:Schemes:Bearer:ValidAudiences:0"] = TestTokens.Audience,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Issuer"] = TestTokens.Issuer,
            ["Authentication:Schemes:Bearer:SigningKeys:0:Value"] = TestTokens.SigningKeyBase64,
            ["DataProtection:KeysDirectory"] = _keysDirectory,
            ["Outbound:AllowedHosts:0"] = TestEnvironment.S3HostAndPort,
            ["Outbound:AllowedHosts:1"] = TestEnvironment.AzuriteHostAndPort,
            ["Connectors:TimeoutSeconds"] = "10",
            ["Connectors:Aws:ServiceUrl"] = s3,
            ["Connectors:Wasabi:ServiceUrl"] = s3,
            ["Connectors:Google:ServiceUrl"] = s3,
        };

        foreach (var (key, value) in settings.Concat(Settings))
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Testing");
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    public Task<long> CountCloudAccountsAsync(Guid accountId) =>
        ScalarAsync<long>("SELECT count(*) FROM cloud_accounts WHERE account_id = $1", accountId);

    public async Task InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_databaseName}\"", connection);
        await create.ExecuteNonQueryAsync();

        // Starting the server applies the migrations, as in production.
        _ = Server;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        S3.Dispose();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(TestEnvironment.PostgresConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
        Directory.Delete(_keysDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<CloudAccountsApiFactory>
{
    public const string Name = "api";
}

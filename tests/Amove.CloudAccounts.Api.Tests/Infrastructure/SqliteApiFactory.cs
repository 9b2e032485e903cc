using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// The API on its default database, SQLite, in a directory of its own (migrated at startup, deleted at the end), for
/// code whose SQL must work on both providers. <see cref="Settings"/> are added before the host starts.
/// </summary>
public class SqliteApiFactory : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("amove-sqlite-").FullName;

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Service changes applied after the app's own registrations.</summary>
    public List<Action<IServiceCollection>> TestServices { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder
            .UseEnvironment("Testing")
            .UseSetting("Database:Provider", "Sqlite")
            .UseSetting("ConnectionStrings:CloudAccounts", $"Data Source={Path.Combine(_directory, "cloudaccounts.db")}")
            .UseSetting("DataProtection:KeysDirectory", _directory)
            .UseSetting("Authentication:Schemes:Bearer:ValidIssuer", TestTokens.Issuer)
            .UseSetting("Authentication:Schemes:Bearer:ValidAudiences:0", TestTokens.Audience)
            .UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", TestTokens.Issuer)
            .UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Value", TestTokens.SigningKeyBase64);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => TestServices.ForEach(configure => configure(services)));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_directory))
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }
}

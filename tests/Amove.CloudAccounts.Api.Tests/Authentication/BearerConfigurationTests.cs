using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Tests.Authentication;

public sealed class BearerConfigurationTests
{
    [Fact]
    public void Outside_Development_the_service_refuses_to_start_without_a_way_to_validate_tokens()
    {
        var keys = Directory.CreateTempSubdirectory("amove-keys-").FullName;
        using var unconfigured = new WebApplicationFactory<Program>().WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .UseSetting("Database:Provider", "Sqlite")
            .UseSetting("ConnectionStrings:CloudAccounts", $"Data Source={Path.Combine(keys, "cloudaccounts.db")}")
            .UseSetting("DataProtection:KeysDirectory", keys));

        var failure = Assert.Throws<OptionsValidationException>(() => unconfigured.Server);

        Assert.Contains("Authentication:Schemes:Bearer needs SigningKeys", failure.Message);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(keys, recursive: true);
    }
}

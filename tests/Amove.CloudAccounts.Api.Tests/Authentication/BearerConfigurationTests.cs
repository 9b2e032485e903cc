using System.Net;
using Amove.CloudAccounts.Api.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Tests.Authentication;

public sealed class BearerConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("amove-keys-").FullName;

    [Fact]
    public void Outside_Development_the_service_refuses_to_start_without_a_way_to_validate_tokens()
    {
        using var unconfigured = Host("Production", signingKey: null);

        var failure = Assert.Throws<OptionsValidationException>(() => unconfigured.Server);

        Assert.Contains("Authentication:Schemes:Bearer needs SigningKeys", failure.Message);
    }

    public static TheoryData<string, string, string> UnusableKeys => new()
    {
        { "Production", BearerSigningKeyOptions.Placeholder, "placeholder" },
        { "Production", Convert.ToBase64String(new byte[31]), "31 bytes; a signing key needs at least 32" },
        { "Production", Convert.ToBase64String("short"u8.ToArray()), "5 bytes" },
        { "Production", "not base64 at all!", "not base64" },
        { "Development", BearerSigningKeyOptions.Placeholder, "placeholder" },
        { "Development", Convert.ToBase64String(new byte[16]), "16 bytes" },
    };

    [Theory]
    [MemberData(nameof(UnusableKeys))]
    public void The_service_refuses_to_start_with_a_short_or_placeholder_signing_key_and_says_how_to_make_one(
        string environment, string signingKey, string reason)
    {
        using var host = Host(environment, signingKey);

        var failure = Assert.Throws<OptionsValidationException>(() => host.Server);

        Assert.Contains("Authentication:Schemes:Bearer:SigningKeys:0:Value", failure.Message);
        Assert.Contains(reason, failure.Message);
        Assert.Contains("openssl rand -base64 32", failure.Message);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task The_service_starts_with_a_32_byte_signing_key_as_openssl_and_dotnet_user_jwts_make_them(string environment)
    {
        using var host = Host(environment, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        using var client = host.CreateClient();

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private WebApplicationFactory<Program> Host(string environment, string? signingKey) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder
                .UseEnvironment(environment)
                .UseSetting("Database:Provider", "Sqlite")
                .UseSetting("ConnectionStrings:CloudAccounts", $"Data Source={Path.Combine(_directory, "cloudaccounts.db")}")
                .UseSetting("DataProtection:KeysDirectory", _directory)
                // Production refuses to start without the hosted storage's key and without e-mail delivery too; these tests
                // are about the bearer's.
                .UseSetting("AmoveStorage:IDriveE2:ApiKey", "bearer-tests-reseller-key")
                .UseSetting("Email:Smtp:Host", "smtp.amove.test")
                .UseSetting("Email:From", "storage@amove.test");
            if (signingKey is not null)
            {
                builder
                    .UseSetting("Authentication:Schemes:Bearer:ValidIssuer", "amove-test")
                    .UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", "amove-test")
                    .UseSetting("Authentication:Schemes:Bearer:SigningKeys:0:Value", signingKey);
            }
        });
}

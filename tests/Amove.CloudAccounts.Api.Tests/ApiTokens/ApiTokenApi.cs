using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Amove.CloudAccounts.Api.Tests.ApiTokens;

/// <summary>The API-token routes and ready-made requests.</summary>
public static class ApiTokenApi
{
    public const string Prefix = "/api/v1/apitoken";
    public const string GetAll = Prefix + "/get_all";
    public const string Insert = Prefix + "/insert";

    /// <summary>A key long enough for an encrypted token.</summary>
    public const string EncryptionKey = "correct horse battery staple";

    public static string Delete(Guid id) => $"{Prefix}/delete?id={id}";

    public static object Token(string title = "Backup agent", bool isEncrypted = false, string? encryptionKey = null, DateTime? expirationDate = null) =>
        new { title, isEncrypted, encryptionKey, expirationDate = expirationDate ?? DateTime.UtcNow.AddDays(30) };

    /// <summary>Creates an API token for <paramref name="owner"/> (signed in with the identity provider's token) and returns the answer.</summary>
    public static async Task<JsonObject> CreateApiTokenAsync(
        this WebApplicationFactory<Program> api, TestUser owner, string title = "Backup agent", string? encryptionKey = null, DateTime? expirationDate = null)
    {
        using var client = api.CreateClientFor(owner);
        return await (await client.PostJsonAsync(Insert, Token(title, encryptionKey is not null, encryptionKey, expirationDate))).ShouldBeOkJsonObjectAsync();
    }

    /// <summary>A client that authenticates with the API token in <paramref name="created"/>.</summary>
    public static HttpClient CreateClientWith(this WebApplicationFactory<Program> api, JsonObject created) =>
        api.CreateClientWithToken((string)created["token"]!);

    public static Guid Id(this JsonObject token) => Guid.Parse((string)token["id"]!);

    /// <summary>The claims of a plain (signed, not encrypted) API token, read without validating it.</summary>
    public static JsonWebToken Claims(this JsonObject created) => new((string)created["token"]!);
}

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>HTTP clients for the hosted API (the shared fixture or any variant of it), with or without a token.</summary>
public static class ApiClients
{
    public static HttpClient CreateClientFor(this WebApplicationFactory<Program> factory, TestUser user) =>
        factory.CreateClientWithToken(TestTokens.For(user));

    public static HttpClient CreateClientWithToken(this WebApplicationFactory<Program> factory, string? token)
    {
        var client = factory.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}

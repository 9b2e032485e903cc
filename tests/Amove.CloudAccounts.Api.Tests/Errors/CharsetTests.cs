using System.Text;
using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Errors;

/// <summary>A JSON body is read in the charset it declares; bytes that are not that charset are bad input, not a crash.</summary>
[Collection(ApiCollection.Name)]
public sealed class CharsetTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    public static TheoryData<string, byte[]> BytesThatAreNotTheirCharset => new()
    {
        // A high surrogate followed by a letter, then a low surrogate on its own.
        { "utf-16", [0x7B, 0x00, 0x00, 0xD8, 0x61, 0x00, 0x00, 0xDC, 0x7D, 0x00] },
        // An odd number of bytes cannot be UTF-16.
        { "utf-16", [0x7B, 0x00, 0x7D] },
        // A low surrogate with no high one before it.
        { "utf-16", [0x7B, 0x00, 0x00, 0xDC, 0x7D, 0x00] },
    };

    [Theory]
    [MemberData(nameof(BytesThatAreNotTheirCharset))]
    public async Task A_body_that_is_not_valid_in_its_declared_charset_is_a_499_DEFAULT(string charset, byte[] body)
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostAsync(CloudAccountApi.Insert, Content(body, $"application/json; charset={charset}"));

        await response.ShouldBeAmoveErrorAsync("DEFAULT", $"not valid in its declared charset ({charset})");
        Assert.Equal(0L, await api.CountCloudAccountsAsync(_tenant.AccountId));
    }

    [Theory]
    [InlineData("utf-32")]
    [InlineData("utf-16BE")]
    [InlineData("iso-8859-1")]
    [InlineData("no-such-charset")]
    public async Task A_charset_the_service_does_not_read_is_a_499_DEFAULT_naming_it(string charset)
    {
        using var client = api.CreateClientFor(_tenant.Owner);
        var content = Content("{}"u8.ToArray(), $"application/json; charset={charset}");

        var response = await client.PostAsync(CloudAccountApi.ListBuckets, content);

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "charset");
    }

    [Fact]
    public async Task A_valid_utf_16_body_is_read_as_such()
    {
        using var client = api.CreateClientFor(_tenant.Owner);
        const string name = "Persian \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645";
        var json = System.Text.Json.JsonSerializer.Serialize(CloudAccountApi.S3GenericAccount(name), System.Text.Json.JsonSerializerOptions.Web);

        var response = await client.PostAsync(CloudAccountApi.Insert, Content(Encoding.Unicode.GetBytes(json), "application/json; charset=utf-16"));

        var created = await response.ShouldBeOkJsonObjectAsync();
        Assert.Equal(name, (string?)created["name"]);
    }

    private static ByteArrayContent Content(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}

using Amove.CloudAccounts.Connectors.Abstractions;

namespace Amove.CloudAccounts.Connectors.Tests.Abstractions;

public sealed class ProviderTextTests
{
    [Theory]
    [InlineData("The bucket is gone.", "The bucket is gone.")]
    [InlineData("Line one\r\nline two\tand\u0000three", "Line one line two and three")]
    [InlineData("invoice\u202Efdp.exe", "invoice fdp.exe")]
    [InlineData("\u2066isolated\u2069 \u200Fmarks\u200E\u009B", "isolated marks")]
    [InlineData("Persian \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645 and 👩‍💻 keep their joiners", "Persian \u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645 and 👩‍💻 keep their joiners")]
    [InlineData("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/s3/aws4_request, Signature=abc", "[redacted]")]
    [InlineData("you sent <Authorization>AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=ff</Authorization>", "you sent <Authorization>[redacted]</Authorization>")]
    [InlineData("query had X-Amz-Credential=AKID%2F2026&X-Amz-Signature=ff00 in it", "query had [redacted]&[redacted] in it")]
    [InlineData("token x-amz-security-token: FQoGZXIvYXdzE and more", "token [redacted] and more")]
    [InlineData("header was Bearer eyJhbGciOi.eyJzdWIi.sig then", "header was [redacted] then")]
    [InlineData("The request signature we calculated does not match the signature you provided.", "The request signature we calculated does not match the signature you provided.")]
    [InlineData("The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'", "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'")]
    public void Keeps_the_reason_and_drops_what_hides_or_echoes(string text, string expected)
    {
        Assert.Equal(expected, ProviderText.Clean(text));
    }

    [Fact]
    public void Redacts_the_given_secrets_wherever_and_however_cased_they_appear()
    {
        var cleaned = ProviderText.Clean("key akidexample0001 (AKIDEXAMPLE0001) used with secret s3cr3t-value-xyz", 600, "AKIDEXAMPLE0001", "s3cr3t-value-xyz", null);

        Assert.Equal("key [redacted] ([redacted]) used with secret [redacted]", cleaned);
    }

    [Fact]
    public void Cuts_long_text_at_the_limit_with_an_ellipsis_without_splitting_a_surrogate_pair()
    {
        Assert.Equal("abcde…", ProviderText.Clean("abcdefgh", maxLength: 5));
        Assert.Equal("abcd…", ProviderText.Clean("abcd😀efgh", maxLength: 5));
        Assert.Equal(ProviderText.MaxLength + 1, ProviderText.Clean(new string('x', 100_000)).Length);
    }

    [Fact]
    public void Every_message_of_a_StorageProviderException_is_cleaned()
    {
        var failure = new StorageProviderException(ProviderFailure.InvalidRequest, "Bad\u202Ename Authorization: Basic dXNlcjpwYXNz\n" + new string('x', 5_000));

        Assert.StartsWith("Bad name [redacted]", failure.Message);
        Assert.Equal(ProviderText.MaxLength + 1, failure.Message.Length);
    }
}

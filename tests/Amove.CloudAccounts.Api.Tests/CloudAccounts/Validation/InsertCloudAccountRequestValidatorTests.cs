using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Connectors.Abstractions;
using Amove.CloudAccounts.Connectors.Platform;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.CloudAccounts.Validation;

namespace Amove.CloudAccounts.Api.Tests.CloudAccounts.Validation;

/// <summary>
/// The insert rules that follow from a provider's description. The OAuth drives get their connectors (and their
/// descriptions) later; the rules for them are proven here on a description of that shape.
/// </summary>
public sealed class InsertCloudAccountRequestValidatorTests
{
    private static readonly ProviderDescription OAuthDrive = new()
    {
        Provider = CloudProvider.Dropbox,
        DisplayName = "Dropbox",
        Credentials = CredentialKind.OAuthToken,
        ServiceUrl = ServiceUrlRule.Fixed,
        Addressing = ObjectAddressing.ByPath | ObjectAddressing.ById,
    };

    private static readonly ProviderDescription KeyPairStore = new()
    {
        Provider = CloudProvider.Wasabi,
        DisplayName = "Wasabi",
        Credentials = CredentialKind.KeyPair,
        AccessKeyMeaning = "access key",
        SecretKeyMeaning = "secret key",
        ServiceUrl = ServiceUrlRule.Optional,
        Addressing = ObjectAddressing.ByPath,
    };

    private readonly InsertCloudAccountRequestValidator _validator = new(new ProviderCatalog([OAuthDrive, KeyPairStore]));

    private const string Tokens = """{"access_token":"sl.token","refresh_token":"refresh","expires_in":14400,"account_id":"dbid:1"}""";

    public static TheoryData<string?, string> BadTokenResponses => new()
    {
        { null, "'credentialsData' is required for cloudType 128 (Dropbox)." },
        { "not json", "'credentialsData' must be a JSON object with an 'access_token'." },
        { """["access_token"]""", "'credentialsData' must be a JSON object with an 'access_token'." },
        { """{"refresh_token":"r"}""", "'credentialsData' must be a JSON object with an 'access_token'." },
        { """{"access_token":""}""", "'credentialsData' must be a JSON object with an 'access_token'." },
        { """{"access_token":42}""", "'credentialsData' must be a JSON object with an 'access_token'." },
        { """{"access_token":"\ud800"}""", "'credentialsData' must be a JSON object with an 'access_token'." },
    };

    [Theory]
    [MemberData(nameof(BadTokenResponses))]
    public void An_OAuth_provider_needs_a_token_response_with_an_access_token(string? credentialsData, string message)
    {
        var result = _validator.Validate(new InsertCloudAccountRequest { CloudType = CloudProvider.Dropbox, Name = "Drive", CredentialsData = credentialsData });

        Assert.Equal([message], result.Errors.Select(error => error.ErrorMessage));
    }

    [Fact]
    public void An_OAuth_provider_accepts_its_token_response_with_the_providers_own_fields()
    {
        var result = _validator.Validate(new InsertCloudAccountRequest { CloudType = CloudProvider.Dropbox, Name = "Drive", CredentialsData = Tokens });

        Assert.True(result.IsValid, string.Join(" ", result.Errors));
    }

    [Fact]
    public void An_OAuth_provider_refuses_keys_and_a_service_url_it_would_never_use()
    {
        var result = _validator.Validate(new InsertCloudAccountRequest
        {
            CloudType = CloudProvider.Dropbox,
            Name = "Drive",
            CredentialsData = Tokens,
            AccessKey = "key",
            SecretKey = "secret",
            ServiceUrl = "https://api.example.com",
        });

        Assert.Equal(
            [
                "'accessKey' is not used by cloudType 128 (Dropbox): send its OAuth tokens in credentialsData.",
                "'secretKey' is not used by cloudType 128 (Dropbox): send its OAuth tokens in credentialsData.",
                "'serviceUrl' is not used by cloudType 128 (Dropbox): its API hosts are fixed.",
            ],
            result.Errors.Select(error => error.ErrorMessage));
    }

    [Fact]
    public void A_key_pair_provider_names_what_each_key_is_and_refuses_a_token_response()
    {
        var result = _validator.Validate(new InsertCloudAccountRequest { CloudType = CloudProvider.Wasabi, Name = "Archive", CredentialsData = Tokens });

        Assert.Equal(
            [
                "'accessKey' is required for cloudType 2 (Wasabi): the access key.",
                "'secretKey' is required for cloudType 2 (Wasabi): the secret key.",
                "'credentialsData' is not used by cloudType 2 (Wasabi): send accessKey and secretKey.",
            ],
            result.Errors.Select(error => error.ErrorMessage));
    }

    [Fact]
    public void A_provider_without_a_connector_is_left_to_the_service_to_refuse()
    {
        var result = _validator.Validate(new InsertCloudAccountRequest { CloudType = CloudProvider.Box, Name = "Later" });

        Assert.True(result.IsValid, string.Join(" ", result.Errors));
    }
}

using Amove.CloudAccounts.Api.Tests.Connectors.Box;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

[Collection(ApiCollection.Name)]
public sealed class BoxConnectFlowTests(CloudAccountsApiFactory api) : ConnectFlowContract(api)
{
    private static FakeBox Box => FakeBox.Shared;

    protected override string Route => "box";

    protected override CloudProvider Provider => CloudProvider.Box;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Connectors:Box:ApiBaseUrl"] = Box.Url.ToString(),
        ["Connectors:Box:TokenUrl"] = Box.TokenUrl.ToString(),
        ["Connectors:Box:AuthorizeUrl"] = Box.AuthorizeUrl.ToString(),
        ["Connectors:Box:ClientId"] = FakeBox.ClientId,
        ["Connectors:Box:ClientSecret"] = FakeBox.ClientSecret,
    };

    protected override FakeAuthorizationServer Authorization => Box.Authorization;

    protected override Uri AuthorizeEndpoint => Box.AuthorizeUrl;

    // Box takes the scopes from the app's configuration and always issues a refresh token.
    protected override string? ExpectedScope => null;

    protected override IReadOnlyDictionary<string, string> ExpectedExtraParameters => new Dictionary<string, string>();

    protected override bool UsesPkce => false;

    protected override ProviderUser NewUser()
    {
        var tokens = Box.AddUser(["report.txt"]);
        return new ProviderUser(
            () => Box.Grant(tokens),
            () => Box.Expire(Box.Current(tokens)),
            () => Box.RequestsOf(tokens).Count(request => request.Path == "/oauth2/token"));
    }
}

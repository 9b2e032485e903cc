using Amove.CloudAccounts.Api.Tests.Connectors.Dropbox;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

[Collection(ApiCollection.Name)]
public sealed class DropboxConnectFlowTests(CloudAccountsApiFactory api, FakeDropboxServer server)
    : ConnectFlowContract(api), IClassFixture<FakeDropboxServer>
{
    private FakeDropbox Dropbox => server.Fake;

    protected override string Route => "dropbox";

    protected override CloudProvider Provider => CloudProvider.Dropbox;

    protected override IReadOnlyDictionary<string, string?> Settings => Dropbox.Settings;

    protected override FakeAuthorizationServer Authorization => Dropbox.Authorization;

    protected override Uri AuthorizeEndpoint => new(Dropbox.Url, "oauth2/authorize");

    protected override string? ExpectedScope => "account_info.read files.metadata.read";

    protected override IReadOnlyDictionary<string, string> ExpectedExtraParameters => new Dictionary<string, string> { ["token_access_type"] = "offline" };

    protected override bool UsesPkce => true;

    protected override ProviderUser NewUser()
    {
        var user = Dropbox.CreateUser(["report.txt"]);
        return new ProviderUser(() => Dropbox.Grant(user), user.ExpireAccessToken, () => user.TokenCalls.Count);
    }
}

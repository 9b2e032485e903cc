using Amove.CloudAccounts.Api.Tests.Connectors.Contract;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Connectors.OneDrive;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

[Collection(ApiCollection.Name)]
public sealed class OneDriveConnectFlowTests(CloudAccountsApiFactory api) : ConnectFlowContract(api)
{
    private static FakeOneDrive Graph => OneDriveContractFixture.Fake;

    protected override string Route => "onedrive";

    protected override CloudProvider Provider => CloudProvider.OneDrive;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(OneDriveContractFixture.Reaching(Graph.Url))
    {
        ["Connectors:OneDrive:AuthorizeUrl"] = Graph.AuthorizeUrl.ToString(),
        ["Connectors:OneDrive:ClientId"] = FakeOneDrive.ClientId,
        ["Connectors:OneDrive:ClientSecret"] = FakeOneDrive.ClientSecret,
    };

    protected override FakeAuthorizationServer Authorization => Graph.Authorization;

    protected override Uri AuthorizeEndpoint => Graph.AuthorizeUrl;

    protected override string? ExpectedScope => "offline_access User.Read Files.Read.All";

    protected override IReadOnlyDictionary<string, string> ExpectedExtraParameters => new Dictionary<string, string>();

    protected override bool UsesPkce => true;

    protected override ProviderUser NewUser()
    {
        var user = Graph.AddUser();
        user.AddDrive("OneDrive", ["report.txt"]);
        return new ProviderUser(() => FakeOneDrive.Grant(user), () => Graph.RevokeAccessToken(user), () => user.Refreshes);
    }
}

using Amove.CloudAccounts.Api.Tests.Connectors.Frame;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

[Collection(ApiCollection.Name)]
public sealed class FrameConnectFlowTests(CloudAccountsApiFactory api) : ConnectFlowContract(api)
{
    private static FakeFrame Frame => FakeFrame.Shared;

    protected override string Route => "frame";

    protected override CloudProvider Provider => CloudProvider.Frame;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Connectors:Frame:ApiBaseUrl"] = Frame.Url.ToString(),
        ["Connectors:Frame:TokenUrl"] = Frame.TokenUrl.ToString(),
        ["Connectors:Frame:AuthorizeUrl"] = Frame.AuthorizeUrl.ToString(),
        ["Connectors:Frame:ClientId"] = FakeFrame.ClientId,
        ["Connectors:Frame:ClientSecret"] = FakeFrame.ClientSecret,
    };

    protected override FakeAuthorizationServer Authorization => Frame.Authorization;

    protected override Uri AuthorizeEndpoint => Frame.AuthorizeUrl;

    protected override string? ExpectedScope => "openid email profile offline_access additional_info.roles";

    protected override IReadOnlyDictionary<string, string> ExpectedExtraParameters => new Dictionary<string, string>();

    protected override bool UsesPkce => false;

    protected override ProviderUser NewUser()
    {
        var user = Frame.AddUser();
        var account = new FakeFrame.Account();
        account.AddProject("Launch film", ["cut.mov"]);
        user.Accounts.Add(account);
        return new ProviderUser(
            () => Frame.Grant(user),
            () => Frame.Expire(user),
            () => Frame.RequestsOf(user).Count(request => request.Path == "/ims/token/v3"));
    }
}

using Amove.CloudAccounts.Api.Tests.Infrastructure;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

/// <summary>The desktop routes answer like the rest of the API: an unknown action is a 499, and the unversioned alias works.</summary>
[Collection(ApiCollection.Name)]
public sealed class DesktopRoutesTests(CloudAccountsApiFactory api)
{
    private readonly TestTenant _tenant = new();

    [Fact]
    public async Task An_unknown_desktop_action_is_DEFAULT_not_a_404()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.PostJsonAsync(DesktopApi.Prefix + "/generate_icloud_authorization_url", new { });

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "is not an action of this API");
    }

    [Fact]
    public async Task A_desktop_action_called_with_GET_is_DEFAULT_not_a_405()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        var response = await client.GetAsync(DesktopApi.Generate("dropbox"));

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "is not an action of this API");
    }

    [Fact]
    public async Task The_unversioned_api_desktop_alias_serves_the_same_actions()
    {
        using var client = api.CreateClientFor(_tenant.Owner);

        // The action answered: this deployment has no Box client, which only the action itself knows.
        var response = await client.PostJsonAsync("/api/desktop/generate_box_authorization_url", new
        {
            redirectURL = DesktopApi.RedirectUrl,
            cloudName = "Box",
        });

        await response.ShouldBeAmoveErrorAsync("DEFAULT", "Box is not configured for connecting accounts");
    }
}

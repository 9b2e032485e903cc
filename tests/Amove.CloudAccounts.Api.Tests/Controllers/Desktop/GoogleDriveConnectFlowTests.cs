using Amove.CloudAccounts.Api.Tests.Connectors.GoogleDrive;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Connectors;

namespace Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

[Collection(ApiCollection.Name)]
public sealed class GoogleDriveConnectFlowTests(CloudAccountsApiFactory api, GoogleDriveConnectFlowTests.Server server)
    : ConnectFlowContract(api), IClassFixture<GoogleDriveConnectFlowTests.Server>
{
    protected override string Route => "googledrive";

    protected override CloudProvider Provider => CloudProvider.GoogleDrive;

    protected override IReadOnlyDictionary<string, string?> Settings => server.Drive.Settings;

    protected override FakeAuthorizationServer Authorization => server.Drive.Authorization;

    protected override Uri AuthorizeEndpoint => new(server.Drive.Url, "o/oauth2/v2/auth");

    protected override string? ExpectedScope => "https://www.googleapis.com/auth/drive.readonly";

    protected override IReadOnlyDictionary<string, string> ExpectedExtraParameters =>
        new Dictionary<string, string> { ["access_type"] = "offline", ["prompt"] = "consent" };

    protected override bool UsesPkce => true;

    protected override ProviderUser NewUser()
    {
        var drive = server.Drive;
        var user = drive.AddUser();
        return new ProviderUser(() => drive.Grant(user), () => drive.Forget(user.AccessToken), () => drive.TokenRequests);
    }

    /// <summary>A fake of this class's own: its refresh count is per fake.</summary>
    public sealed class Server : IAsyncLifetime
    {
        public FakeGoogleDrive Drive { get; } = FakeGoogleDrive.Start();

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Drive.DisposeAsync();
    }
}

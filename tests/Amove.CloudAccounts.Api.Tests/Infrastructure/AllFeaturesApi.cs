using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.AmoveStorage;
using Amove.CloudAccounts.Api.Tests.Connectors.Box;
using Amove.CloudAccounts.Api.Tests.Connectors.Contract;
using Amove.CloudAccounts.Api.Tests.Connectors.Dropbox;
using Amove.CloudAccounts.Api.Tests.Connectors.Frame;
using Amove.CloudAccounts.Api.Tests.Connectors.GoogleDrive;
using Amove.CloudAccounts.Api.Tests.Connectors.OAuth;
using Amove.CloudAccounts.Api.Tests.Connectors.OneDrive;
using Amove.CloudAccounts.Api.Tests.Controllers.Desktop;

namespace Amove.CloudAccounts.Api.Tests.Infrastructure;

/// <summary>
/// One API on its own database with every feature configured, for tests that reach every endpoint (the authorization
/// matrix, the fuzz suite of the hosted-storage and desktop actions): hosted storage on the local s3rver (as
/// <see cref="S3HostedStorage"/>), the five OAuth providers on their fakes (so every connect flow completes), and a
/// bucket every S3 account on s3rver can list.
/// </summary>
public sealed class AllFeaturesApi : IAsyncLifetime
{
    private readonly S3HostedStorage _storage = new();
    private readonly FakeGoogleDrive _googleDrive = FakeGoogleDrive.Start();
    private FakeDropbox? _dropbox;
    private Dictionary<string, ConnectProvider> _providers = [];

    public CloudAccountsApiFactory Api => _storage.Api;

    /// <summary>A bucket on s3rver holding one object, which every S3 account there can list.</summary>
    public string Bucket { get; private set; } = "";

    /// <summary>A provider's connect flow by its route name (dropbox, box, googledrive, onedrive, frame).</summary>
    public ConnectProvider Provider(string route) => _providers[route];

    public async Task InitializeAsync()
    {
        _dropbox = await FakeDropbox.StartAsync();
        var dropbox = _dropbox;
        var box = FakeBox.Shared;
        var frame = FakeFrame.Shared;
        var graph = OneDriveContractFixture.Fake;
        var drive = _googleDrive;
        _providers = new Dictionary<string, ConnectProvider>
        {
            ["dropbox"] = new(dropbox.Authorization, () =>
            {
                var user = dropbox.CreateUser(["report.txt"]);
                return () => dropbox.Grant(user);
            }),
            ["box"] = new(box.Authorization, () =>
            {
                var tokens = box.AddUser(["report.txt"]);
                return () => box.Grant(tokens);
            }),
            ["googledrive"] = new(drive.Authorization, () =>
            {
                var user = drive.AddUser();
                return () => drive.Grant(user);
            }),
            ["onedrive"] = new(graph.Authorization, () =>
            {
                var user = graph.AddUser();
                user.AddDrive("OneDrive", ["report.txt"]);
                return () => FakeOneDrive.Grant(user);
            }),
            ["frame"] = new(frame.Authorization, () =>
            {
                var user = frame.AddUser();
                var account = new FakeFrame.Account();
                account.AddProject("Launch film", ["cut.mov"]);
                user.Accounts.Add(account);
                return () => frame.Grant(user);
            }),
        };

        var settings = new Dictionary<string, string?>(dropbox.Settings)
        {
            ["Connectors:Box:ApiBaseUrl"] = box.Url.ToString(),
            ["Connectors:Box:TokenUrl"] = box.TokenUrl.ToString(),
            ["Connectors:Box:AuthorizeUrl"] = box.AuthorizeUrl.ToString(),
            ["Connectors:Box:ClientId"] = FakeBox.ClientId,
            ["Connectors:Box:ClientSecret"] = FakeBox.ClientSecret,
            ["Connectors:Frame:ApiBaseUrl"] = frame.Url.ToString(),
            ["Connectors:Frame:TokenUrl"] = frame.TokenUrl.ToString(),
            ["Connectors:Frame:AuthorizeUrl"] = frame.AuthorizeUrl.ToString(),
            ["Connectors:Frame:ClientId"] = FakeFrame.ClientId,
            ["Connectors:Frame:ClientSecret"] = FakeFrame.ClientSecret,
            ["Connectors:OneDrive:AuthorizeUrl"] = graph.AuthorizeUrl.ToString(),
            ["Connectors:OneDrive:ClientId"] = FakeOneDrive.ClientId,
            ["Connectors:OneDrive:ClientSecret"] = FakeOneDrive.ClientSecret,
            ["OAuth:AllowedRedirectUrls:0"] = DesktopApi.RedirectUrl,

            // Bad-token requests all come from one address, and the rate limit is not what these tests are about.
            ["RateLimiting:PermitLimit"] = "1000000",
        };
        foreach (var (key, value) in drive.Settings.Concat(OneDriveContractFixture.Reaching(graph.Url)).Concat(settings))
        {
            Api.Settings[key] = value;
        }

        await _storage.InitializeAsync();
        Bucket = await Api.S3.CreateBucketAsync("authz");
        await Api.S3.PutAsync(Bucket, "report.txt");
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        await _googleDrive.DisposeAsync();
        if (_dropbox is not null)
        {
            await _dropbox.DisposeAsync();
        }
    }
}

/// <summary>A provider's authorization server, and a way to make a new user there whose approval issues tokens.</summary>
public sealed record ConnectProvider(FakeAuthorizationServer Authorization, Func<Func<JsonObject>> NewUser);

[CollectionDefinition(Name)]
public sealed class AllFeaturesCollection : ICollectionFixture<AllFeaturesApi>
{
    public const string Name = "all-features";
}

using Amove.CloudAccounts.Api.Tests.AmoveStorage;
using Amove.CloudAccounts.Api.Tests.Controllers.Desktop;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Amove.CloudAccounts.Api.Tests.Errors;

/// <summary>
/// The fuzz suite of <see cref="FuzzTests"/> on the actions that need a configured feature to get past their first
/// check: hosted storage (idrive_*, get_amove_storage) on the local s3rver, and the desktop connect flows on the
/// providers' fakes. The world is a shared hosted storage of the owner and a real connect state of theirs.
/// </summary>
[Collection(AllFeaturesCollection.Name)]
public sealed class HostedStorageAndDesktopFuzzTests(AllFeaturesApi fixture, ITestOutputHelper output)
{
    // Fewer per target than the first suite, which already runs more than the 5,000 cases CI asks for.
    private const int CasesPerTarget = 200;

    private static readonly string[] GenerateFields = ["redirectURL", "cloudName", "shared"];
    private static readonly string[] CallbackFields = ["code", "state", "redirectURL", "error", "errorDescription"];
    private static readonly string[] Providers = ["dropbox", "box", "googledrive", "onedrive", "frame"];

    // A callback that gets past the state check records the state as used before the code is exchanged, whatever the
    // outcome, so that a replay is refused on every instance: the one write a refused request makes, by design.
    private static readonly string[] ConsumedStates = ["consumed_oauth_states"];

    private static readonly FuzzTarget[] Targets =
    [
        new("idrive_add_storage", "POST", AmoveStorageApi.AddStorage, ["regionName", "storageTier", "shared", "defaultPassword"], []),
        new("idrive_delete_storage", "DELETE", CloudAccountApi.Prefix + "/idrive_delete_storage", [], ["id"]),
        new("idrive_create_bucket", "POST", CloudAccountApi.Prefix + "/idrive_create_bucket", ["cloudAccountId", "bucketName"], ["cloudAccountId", "bucketName"]),
        new("idrive_delete_bucket", "DELETE", CloudAccountApi.Prefix + "/idrive_delete_bucket", [], ["cloudAccountId", "bucketName"]),
        new("idrive_regions", "GET", AmoveStorageApi.Regions, [], []),
        new("idrive_get_daily_usage", "GET", CloudAccountApi.Prefix + "/idrive_get_daily_usage", [], ["storageTier"]),
        new("get_amove_storage", "GET", AmoveStorageApi.GetAmoveStorage, [], []),
        .. Providers.Select(provider => new FuzzTarget($"generate_{provider}_authorization_url", "POST", DesktopApi.Generate(provider), GenerateFields, [])),
        .. Providers.Select(provider => new FuzzTarget($"{provider}_authorization_callback", "POST", DesktopApi.Callback(provider), CallbackFields, [], ConsumedStates)),
        new("legacy desktop callback", "POST", "/api/desktop/dropbox_authorization_callback", CallbackFields, [], ConsumedStates),
    ];

    public static TheoryData<string> TargetNames => new(Targets.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(TargetNames))]
    public async Task Generated_requests_are_never_a_500_every_error_is_a_well_formed_499_and_refused_ones_change_nothing(string targetName)
    {
        var api = fixture.Api;
        var tenant = new TestTenant();
        var storageId = (await api.ProvisionAsync(tenant.Owner, shared: true)).Id();
        var bucket = await api.S3.CreateBucketAsync("fuzz");
        await api.S3.PutManyAsync(bucket, ["photos/a.jpg", "%2e%2e/x", "emoji/😀.txt"]);
        string state;
        using (var owner = api.CreateClientFor(tenant.Owner))
        {
            state = DesktopApi.QueryOf(await owner.GenerateUrlAsync("dropbox", "Fuzz Dropbox"))["state"];
        }

        var world = new FuzzWorld(
            storageId, bucket, "photos/", TestEnvironment.S3AccessKey, [api.S3.Url, "http://127.0.0.1:1", "file:///etc/passwd"],
            DesktopApi.RedirectUrl, state);
        TestUser[] users = [tenant.Owner, tenant.DesktopAdmin, tenant.DesktopCreativeUser, tenant.DesktopStandardUser, tenant.OtherAccountAdmin];

        await new FuzzRunner(api, output, nameof(HostedStorageAndDesktopFuzzTests), seedOffset: 1_000)
            .RunAsync(Targets, targetName, world, users, FuzzRunner.CasesPerTarget(CasesPerTarget));
    }
}

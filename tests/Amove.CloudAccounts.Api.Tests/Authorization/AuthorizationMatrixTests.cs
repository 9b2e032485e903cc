using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amove.CloudAccounts.Api.Tests.AmoveStorage;
using Amove.CloudAccounts.Api.Tests.ApiTokens;
using Amove.CloudAccounts.Api.Tests.Controllers.Desktop;
using Amove.CloudAccounts.Api.Tests.Infrastructure;
using Amove.CloudAccounts.Core.Entities;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Amove.CloudAccounts.Api.Tests.Authorization;

/// <summary>
/// Runs every cell of <see cref="AuthorizationMatrix"/> through the real pipeline: a fresh Amove account per cell, the
/// object made through the API as a user would make it, one request by the caller, the answer the table states, and
/// the database unchanged unless the answer is a write that succeeded.
/// </summary>
[Collection(AllFeaturesCollection.Name)]
public sealed class AuthorizationMatrixTests(AllFeaturesApi fixture)
{
    private static readonly Dictionary<Endpoint, string> Routes = new()
    {
        [Endpoint.GetAll] = CloudAccountApi.GetAll,
        [Endpoint.Insert] = CloudAccountApi.Insert,
        [Endpoint.ManageShare] = CloudAccountApi.ManageShare,
        [Endpoint.Delete] = CloudAccountApi.Prefix + "/delete",
        [Endpoint.ListBuckets] = CloudAccountApi.ListBuckets,
        [Endpoint.ListObjects] = CloudAccountApi.ListObjects,
        [Endpoint.GetAmoveStorage] = AmoveStorageApi.GetAmoveStorage,
        [Endpoint.IDriveAddStorage] = AmoveStorageApi.AddStorage,
        [Endpoint.IDriveDeleteStorage] = CloudAccountApi.Prefix + "/idrive_delete_storage",
        [Endpoint.IDriveCreateBucket] = CloudAccountApi.Prefix + "/idrive_create_bucket",
        [Endpoint.IDriveDeleteBucket] = CloudAccountApi.Prefix + "/idrive_delete_bucket",
        [Endpoint.IDriveRegions] = AmoveStorageApi.Regions,
        [Endpoint.IDriveGetDailyUsage] = CloudAccountApi.Prefix + "/idrive_get_daily_usage",
        [Endpoint.ApiTokenGetAll] = ApiTokenApi.GetAll,
        [Endpoint.ApiTokenInsert] = ApiTokenApi.Insert,
        [Endpoint.ApiTokenDelete] = ApiTokenApi.Prefix + "/delete",
        [Endpoint.GenerateDropboxUrl] = DesktopApi.Generate("dropbox"),
        [Endpoint.GenerateBoxUrl] = DesktopApi.Generate("box"),
        [Endpoint.GenerateGoogleDriveUrl] = DesktopApi.Generate("googledrive"),
        [Endpoint.GenerateOneDriveUrl] = DesktopApi.Generate("onedrive"),
        [Endpoint.GenerateFrameUrl] = DesktopApi.Generate("frame"),
        [Endpoint.DropboxCallback] = DesktopApi.Callback("dropbox"),
        [Endpoint.BoxCallback] = DesktopApi.Callback("box"),
        [Endpoint.GoogleDriveCallback] = DesktopApi.Callback("googledrive"),
        [Endpoint.OneDriveCallback] = DesktopApi.Callback("onedrive"),
        [Endpoint.FrameCallback] = DesktopApi.Callback("frame"),
    };

    private readonly CloudAccountsApiFactory _api = fixture.Api;
    private readonly TestTenant _tenant = new();
    private readonly TestUser _otherAccountOwner = TestUser.In(Guid.NewGuid(), UserType.DesktopAdmin);

    [Theory]
    [MemberData(nameof(AuthorizationMatrix.Cells), MemberType = typeof(AuthorizationMatrix))]
    public async Task Each_caller_gets_the_answer_the_matrix_states_and_only_an_accepted_write_changes_the_database(
        Endpoint endpoint, Target target, Caller caller, string expected)
    {
        var user = ActingUser(caller);
        var token = await TokenAsync(caller, user);
        var subject = await ArrangeAsync(endpoint, target, user);
        if (caller == Caller.InactiveUser)
        {
            await DeactivateAsync(user);
        }

        var before = await DatabaseSnapshot.TakeAsync(_api.ConnectionString);

        using var client = _api.CreateClientWithToken(token);
        using var response = await SendAsync(client, endpoint, subject);

        await AssertAnswerAsync(response, expected, endpoint, subject);
        var changes = (await DatabaseSnapshot.TakeAsync(_api.ConnectionString)).ChangesSince(before);
        if (expected == AuthorizationMatrix.Ok && Writes(endpoint))
        {
            Assert.NotEmpty(changes);
        }
        else
        {
            Assert.True(changes.Count == 0, $"The database changed: {string.Join(", ", changes)}");
        }
    }

    [Fact]
    public void The_matrix_has_a_row_for_every_action_the_api_serves()
    {
        var served = _api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(route => route.StartsWith("/api/v1/", StringComparison.Ordinal) && !route.Contains('{', StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(served, Routes.Values.Order(StringComparer.Ordinal));
        Assert.Equal(Enum.GetValues<Endpoint>(), AuthorizationMatrix.EndpointsCovered.Order());
    }

    private TestUser ActingUser(Caller caller) => caller switch
    {
        Caller.Owner => _tenant.Owner,
        Caller.DesktopAdmin => _tenant.DesktopAdmin,
        Caller.DesktopCreativeUser => _tenant.DesktopCreativeUser,
        Caller.DesktopStandardUser => _tenant.DesktopStandardUser,
        Caller.ProviderAdmin => TestUser.In(_tenant.AccountId, UserType.ProviderAdmin),
        Caller.ResellerAdmin => TestUser.In(_tenant.AccountId, UserType.ResellerAdmin),
        Caller.AccountAdmin => TestUser.In(_tenant.AccountId, UserType.AccountAdmin),
        Caller.AccountUser => TestUser.In(_tenant.AccountId, UserType.AccountUser),
        Caller.OtherAccountUser => _tenant.OtherAccountAdmin,
        Caller.InactiveUser => _tenant.Owner,

        // A bad token still names the owner: it must be refused for what it is, not for whom it names.
        Caller.NoToken or Caller.ExpiredToken or Caller.ForgedToken or Caller.AlgNoneToken or Caller.RevokedApiToken or Caller.OwnerApiToken
            => _tenant.Owner,
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, null),
    };

    /// <summary>What an operator does to stop a user: the user, recorded by a first request, is marked inactive.</summary>
    private async Task DeactivateAsync(TestUser user)
    {
        using (var client = _api.CreateClientFor(user))
        {
            await (await client.GetAsync(CloudAccountApi.GetAll)).ShouldBeOkJsonObjectAsync();
        }

        await _api.ScalarAsync<object>("UPDATE users SET active = false WHERE id = $1", user.Id);
    }

    private async Task<string?> TokenAsync(Caller caller, TestUser user)
    {
        switch (caller)
        {
            case Caller.NoToken:
                return null;
            case Caller.ExpiredToken:
                return TestTokens.For(user, expires: DateTime.UtcNow.AddHours(-1));
            case Caller.ForgedToken:
                return TestTokens.For(user, signingKey: RandomNumberGenerator.GetBytes(32));
            case Caller.AlgNoneToken:
                return TestTokens.Unsigned(user);
            case Caller.RevokedApiToken:
                var revoked = await _api.CreateApiTokenAsync(user, "Revoked agent");
                using (var owner = _api.CreateClientFor(user))
                {
                    await (await owner.DeleteAsync(ApiTokenApi.Delete(IdOf(revoked)))).ShouldBeOkWithoutBodyAsync();
                }

                return (string)revoked["token"]!;
            case Caller.OwnerApiToken:
                return (string)(await _api.CreateApiTokenAsync(user, "Agent"))["token"]!;
            default:
                return TestTokens.For(user);
        }
    }

    /// <summary>Makes the object of the cell through the API, as its owner would.</summary>
    private async Task<Subject> ArrangeAsync(Endpoint endpoint, Target target, TestUser user)
    {
        var owner = _tenant.Owner;
        switch (endpoint)
        {
            case Endpoint.ApiTokenGetAll or Endpoint.ApiTokenDelete:
                var tokenOwner = target switch
                {
                    Target.Own => user,
                    Target.OtherAccount => _otherAccountOwner,
                    _ => owner,
                };
                var created = await _api.CreateApiTokenAsync(tokenOwner, "Matrix");
                if (target == Target.Deleted)
                {
                    using var client = _api.CreateClientFor(tokenOwner);
                    await (await client.DeleteAsync(ApiTokenApi.Delete(IdOf(created)))).ShouldBeOkWithoutBodyAsync();
                }

                return new Subject(IdOf(created));
            case Endpoint.DropboxCallback or Endpoint.BoxCallback or Endpoint.GoogleDriveCallback or Endpoint.OneDriveCallback
                or Endpoint.FrameCallback:
                return await ApprovedFlowAsync(ProviderOf(endpoint), target == Target.Own ? user : owner);
        }

        switch (target)
        {
            case Target.None:
                return new Subject(null);
            case Target.Own:
                return new Subject(await _api.ConnectS3GenericAsync(user, "Own"));
            case Target.Shared:
                return new Subject(await _api.ConnectS3GenericAsync(owner, "Shared", shared: true), Shared: true);
            case Target.Unshared:
                return new Subject(await _api.ConnectS3GenericAsync(owner, "Unshared"));
            case Target.Inactive:
                var inactive = await _api.ConnectS3GenericAsync(owner, "Inactive", shared: true);
                await _api.ScalarAsync<object>("UPDATE cloud_accounts SET active = false WHERE id = $1", inactive);
                return new Subject(inactive, Shared: true);
            case Target.Deleted:
                var deleted = await _api.ConnectS3GenericAsync(owner, "Deleted", shared: true);
                using (var client = _api.CreateClientFor(owner))
                {
                    await (await client.DeleteAsync(CloudAccountApi.Delete(deleted))).ShouldBeOkJsonAsync();
                }

                return new Subject(deleted, Shared: true);
            case Target.Internal:
                var storage = IdOf(await _api.ProvisionAsync(owner, shared: true));
                if (endpoint != Endpoint.IDriveDeleteBucket)
                {
                    return new Subject(storage, Shared: true);
                }

                var bucket = NewBucketName();
                using (var client = _api.CreateClientFor(owner))
                {
                    await (await client.PostAsync(AmoveStorageApi.CreateBucket(storage, bucket), null)).ShouldBeOkWithoutBodyAsync();
                }

                return new Subject(storage, Shared: true, BucketName: bucket);
            case Target.InactiveInternal:
                var inactiveStorage = IdOf(await _api.ProvisionAsync(owner, shared: true));
                await _api.ScalarAsync<object>("UPDATE cloud_accounts SET active = false WHERE id = $1", inactiveStorage);
                return new Subject(inactiveStorage, Shared: true);
            case Target.DeletedInternal:
                var deletedStorage = IdOf(await _api.ProvisionAsync(owner, shared: true));
                using (var client = _api.CreateClientFor(owner))
                {
                    await (await client.DeleteAsync(AmoveStorageApi.DeleteStorage(deletedStorage))).ShouldBeOkJsonAsync();
                }

                return new Subject(deletedStorage, Shared: true);
            case Target.OtherAccount:
                return new Subject(await _api.ConnectS3GenericAsync(_otherAccountOwner, "Other account's", shared: true), Shared: true);
            default:
                throw new ArgumentOutOfRangeException(nameof(target), target, null);
        }
    }

    /// <summary>A connect flow <paramref name="starter"/> began and a new user of the provider approved.</summary>
    private async Task<Subject> ApprovedFlowAsync(string provider, TestUser starter)
    {
        using var client = _api.CreateClientFor(starter);
        var url = await client.GenerateUrlAsync(provider, "Matrix " + provider);
        var connect = fixture.Provider(provider);
        var redirect = await connect.Authorization.ApproveAsync(url, connect.NewUser());
        return new Subject(null, Code: redirect.Code, State: redirect.State);
    }

    private static string ProviderOf(Endpoint endpoint) => Routes[endpoint].Split('/')[^1].Split('_')[0];

    private Task<HttpResponseMessage> SendAsync(HttpClient client, Endpoint endpoint, Subject subject)
    {
        var route = Routes[endpoint];
        return endpoint switch
        {
            Endpoint.GetAll or Endpoint.GetAmoveStorage or Endpoint.IDriveRegions or Endpoint.ApiTokenGetAll => client.GetAsync(route),
            Endpoint.Insert => client.PostJsonAsync(route, CloudAccountApi.S3GenericAccount("Matrix")),
            Endpoint.ManageShare => client.PutJsonAsync(route, new { id = subject.Id, shared = !subject.Shared }),
            Endpoint.Delete or Endpoint.ApiTokenDelete => client.DeleteAsync($"{route}?id={subject.Id}"),
            Endpoint.ListBuckets => client.PostJsonAsync(route, new { cloudAccountId = subject.Id }),
            Endpoint.ListObjects => client.PostJsonAsync(route, new { cloudAccountId = subject.Id, bucketName = fixture.Bucket }),
            Endpoint.IDriveAddStorage => client.AddStorageAsync(),
            Endpoint.IDriveDeleteStorage => client.DeleteAsync(AmoveStorageApi.DeleteStorage(subject.Id!.Value)),
            Endpoint.IDriveCreateBucket => client.PostAsync(AmoveStorageApi.CreateBucket(subject.Id!.Value, NewBucketName()), null),
            Endpoint.IDriveDeleteBucket => client.DeleteAsync(AmoveStorageApi.DeleteBucket(subject.Id!.Value, subject.BucketName ?? NewBucketName())),
            Endpoint.IDriveGetDailyUsage => client.GetAsync(route + "?storageTier=0"),
            Endpoint.ApiTokenInsert => client.PostJsonAsync(route, ApiTokenApi.Token("Matrix")),
            Endpoint.GenerateDropboxUrl or Endpoint.GenerateBoxUrl or Endpoint.GenerateGoogleDriveUrl or Endpoint.GenerateOneDriveUrl
                or Endpoint.GenerateFrameUrl => client.PostJsonAsync(route, new { redirectURL = DesktopApi.RedirectUrl, cloudName = "Matrix", shared = false }),
            Endpoint.DropboxCallback or Endpoint.BoxCallback or Endpoint.GoogleDriveCallback or Endpoint.OneDriveCallback
                or Endpoint.FrameCallback => client.CallbackAsync(ProviderOf(endpoint), subject.Code, subject.State),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
        };
    }

    private static async Task AssertAnswerAsync(HttpResponseMessage response, string expected, Endpoint endpoint, Subject subject)
    {
        switch (expected)
        {
            case AuthorizationMatrix.Ok:
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {text}");
                break;
            case AuthorizationMatrix.Listed or AuthorizationMatrix.Absent:
                var body = await response.ShouldBeOkJsonAsync();
                Assert.Equal(expected == AuthorizationMatrix.Listed, IsListed(body, endpoint, subject));
                break;
            case AuthorizationMatrix.Unauthorized:
                await response.ShouldBeUnauthorizedWithoutBodyAsync();
                break;
            case AuthorizationMatrix.NotFound:
                await response.ShouldBeAmoveErrorAsync("Global", "Object not found.");
                break;
            case AuthorizationMatrix.Global:
                Assert.DoesNotContain("Object not found.", await response.ShouldBeAmoveErrorAsync("Global"));
                break;
            case AuthorizationMatrix.Access:
                await response.ShouldBeAmoveErrorAsync("ACCESS");
                break;
            case AuthorizationMatrix.Security:
                await response.ShouldBeAmoveErrorAsync("SECURITY");
                break;
            case AuthorizationMatrix.InactiveUser:
                await response.ShouldBeAmoveErrorAsync("INACTIVE_USER");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(expected), expected, "not an answer of the matrix");
        }
    }

    // get_amove_storage answers keys without ids; each cell's Amove account holds at most the one storage of the cell.
    private static bool IsListed(JsonNode body, Endpoint endpoint, Subject subject) => endpoint == Endpoint.GetAmoveStorage
        ? body.AsArray().Count > 0
        : body["data"]!.AsArray().Any(item => (string?)item!["id"] == subject.Id.ToString());

    private static bool Writes(Endpoint endpoint) => endpoint is Endpoint.Insert or Endpoint.ManageShare or Endpoint.Delete
        or Endpoint.IDriveAddStorage or Endpoint.IDriveDeleteStorage or Endpoint.ApiTokenInsert or Endpoint.ApiTokenDelete
        or Endpoint.DropboxCallback or Endpoint.BoxCallback or Endpoint.GoogleDriveCallback or Endpoint.OneDriveCallback
        or Endpoint.FrameCallback;

    private static Guid IdOf(JsonObject created) => Guid.Parse((string)created["id"]!);

    private static string NewBucketName() => $"matrix-{Guid.NewGuid():N}";

    private sealed record Subject(Guid? Id, bool Shared = false, string? BucketName = null, string? Code = null, string? State = null);
}

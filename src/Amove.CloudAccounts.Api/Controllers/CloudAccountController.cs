using Amove.CloudAccounts.Api.Authentication;
using Amove.CloudAccounts.Api.Errors;
using Amove.CloudAccounts.Core.CloudAccounts;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Amove.CloudAccounts.Api.Controllers;

/// <summary>Cloud accounts: list, connect, share, delete and browse a user's storage clouds.</summary>
[ApiController]
[Authorize]
[Route(RoutePrefix)]
[Produces("application/json")]
[ProducesResponseType(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ValidationProblemDetails>(AmoveProblem.StatusCode, AmoveProblem.ContentType)]
public sealed class CloudAccountController(CloudAccountService cloudAccounts) : ControllerBase
{
    public const string RoutePrefix = "api/v1/cloudaccount";

    private CurrentUser Caller => AmoveClaims.Read(User);

    /// <summary>Every active cloud account the caller can see, credentials masked.</summary>
    /// <remarks>Desktop admins and desktop creative users also see accounts shared within their Amove account.</remarks>
    [HttpGet("get_all")]
    [ChecksActiveUserItself]
    [ProducesResponseType<DtoCollection<CloudAccountResponse>>(StatusCodes.Status200OK)]
    public Task<DtoCollection<CloudAccountResponse>> GetAll([FromQuery] GetAllQuery query, CancellationToken cancellationToken) =>
        cloudAccounts.GetAllAsync(Caller, query, cancellationToken);

    /// <summary>Connects a cloud account after checking its credentials with the provider.</summary>
    [HttpPost("insert")]
    [ProducesResponseType<CloudAccountResponse>(StatusCodes.Status200OK)]
    public Task<CloudAccountResponse> Insert([FromBody] InsertCloudAccountRequest request, CancellationToken cancellationToken) =>
        cloudAccounts.InsertAsync(Caller, request, cancellationToken);

    /// <summary>Shares or unshares a cloud account within the Amove account; owner only.</summary>
    [HttpPut("manage_share")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> ManageShare([FromBody] ManageShareRequest request, CancellationToken cancellationToken)
    {
        await cloudAccounts.ManageShareAsync(Caller, request, cancellationToken);
        return Ok();
    }

    /// <summary>Soft-deletes a cloud account.</summary>
    /// <param name="id">The cloud account's id.</param>
    [HttpDelete("delete")]
    [ProducesResponseType<bool>(StatusCodes.Status200OK)]
    public Task<bool> Delete([FromQuery, BindRequired] Guid id, CancellationToken cancellationToken) =>
        cloudAccounts.DeleteAsync(Caller, id, cancellationToken);

    /// <summary>The buckets (top-level containers) of a cloud account, from its provider.</summary>
    [HttpPost("list_buckets")]
    [ProducesResponseType<CloudStorageCollection>(StatusCodes.Status200OK)]
    public Task<CloudStorageCollection> ListBuckets([FromBody] ListBucketsRequest request, CancellationToken cancellationToken) =>
        cloudAccounts.ListBucketsAsync(Caller, request, cancellationToken);

    /// <summary>One page of the objects under a path in a bucket: directories first, then files.</summary>
    [HttpPost("list_objects")]
    [ProducesResponseType<CloudStorageObjectCollection>(StatusCodes.Status200OK)]
    public Task<CloudStorageObjectCollection> ListObjects([FromBody] ListObjectsRequest request, CancellationToken cancellationToken) =>
        cloudAccounts.ListObjectsAsync(Caller, request, cancellationToken);
}

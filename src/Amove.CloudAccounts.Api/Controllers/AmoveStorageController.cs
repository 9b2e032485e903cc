using Amove.CloudAccounts.Api.Errors;
using Amove.CloudAccounts.Core.AmoveStorage;
using Amove.CloudAccounts.Core.AmoveStorage.Contracts;
using Amove.CloudAccounts.Core.ApiTokens;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Entities;
using Amove.CloudAccounts.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Amove.CloudAccounts.Api.Controllers;

/// <summary>Amove-hosted storage: provision it in a region and tier, manage its buckets, read its usage and keys.</summary>
[ApiController]
[Authorize]
[Route(CloudAccountController.RoutePrefix)]
[Produces("application/json")]
[ProducesResponseType(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ValidationProblemDetails>(AmoveProblem.StatusCode, AmoveProblem.ContentType)]
public sealed class AmoveStorageController(AmoveStorageService amoveStorage) : ControllerBase
{
    private CurrentUser Caller => AmoveClaims.Read(User);

    /// <summary>The keys and endpoint of every hosted storage the caller can see: the one answer that carries secrets.</summary>
    /// <remarks>
    /// Called with an API token issued with <c>isEncrypted</c>, <c>access_key</c> and <c>secret_key</c> come encrypted
    /// with its encryption key: base64 of nonce (12 bytes), AES-256-GCM ciphertext and tag (16 bytes), the AES key being
    /// the SHA-256 of the encryption key's UTF-8 bytes. <c>service_url</c> stays plain.
    /// </remarks>
    [HttpGet("get_amove_storage")]
    [ProducesResponseType<IReadOnlyList<AmoveStorageResponse>>(StatusCodes.Status200OK)]
    public Task<IReadOnlyList<AmoveStorageResponse>> GetAmoveStorage(CancellationToken cancellationToken) =>
        amoveStorage.GetAmoveStorageAsync(Caller, HttpContext.Features.Get<ApiTokenSession>()?.EncryptionKey, cancellationToken);

    /// <summary>Provisions hosted storage in a region and tier, creates its first bucket and e-mails its credentials.</summary>
    /// <remarks>A second storage in the same region and tier is refused.</remarks>
    [HttpPost("idrive_add_storage")]
    [ProducesResponseType<CloudAccountResponse>(StatusCodes.Status200OK)]
    public Task<CloudAccountResponse> AddStorage([FromBody] AddStorageRequest request, CancellationToken cancellationToken) =>
        amoveStorage.AddStorageAsync(Caller, request, cancellationToken);

    /// <summary>Deletes one of the caller's hosted storages; the last one of a tier decommissions the host-side user.</summary>
    /// <param name="id">The hosted storage's cloud-account id.</param>
    [HttpDelete("idrive_delete_storage")]
    [ProducesResponseType<bool>(StatusCodes.Status200OK)]
    public Task<bool> DeleteStorage([FromQuery, BindRequired] Guid id, CancellationToken cancellationToken) =>
        amoveStorage.DeleteStorageAsync(Caller, id, cancellationToken);

    /// <summary>Creates a bucket in one of the caller's hosted storages.</summary>
    /// <param name="cloudAccountId">The hosted storage's cloud-account id.</param>
    /// <param name="bucketName">A name that follows S3's bucket naming rules.</param>
    [HttpPost("idrive_create_bucket")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> CreateBucket(
        [FromQuery, BindRequired] Guid cloudAccountId, [FromQuery] string? bucketName, CancellationToken cancellationToken)
    {
        await amoveStorage.CreateBucketAsync(Caller, cloudAccountId, bucketName, cancellationToken);
        return Ok();
    }

    /// <summary>Deletes an empty bucket from one of the caller's hosted storages.</summary>
    /// <param name="cloudAccountId">The hosted storage's cloud-account id.</param>
    /// <param name="bucketName">The bucket's name.</param>
    [HttpDelete("idrive_delete_bucket")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> DeleteBucket(
        [FromQuery, BindRequired] Guid cloudAccountId, [FromQuery] string? bucketName, CancellationToken cancellationToken)
    {
        await amoveStorage.DeleteBucketAsync(Caller, cloudAccountId, bucketName, cancellationToken);
        return Ok();
    }

    /// <summary>The regions hosted storage can be provisioned in.</summary>
    [HttpGet("idrive_regions")]
    [ProducesResponseType<IReadOnlyList<AmoveRegionResponse>>(StatusCodes.Status200OK)]
    public Task<IReadOnlyList<AmoveRegionResponse>> Regions(CancellationToken cancellationToken) =>
        amoveStorage.ListRegionsAsync(cancellationToken);

    /// <summary>The caller's highest usage in bytes over the last 24 hours; for tier 0 (All) the sum of each tier's highest.</summary>
    /// <param name="storageTier">0 All, 1 Perform, 2 Global, 4 Scale or 8 Archive.</param>
    [HttpGet("idrive_get_daily_usage")]
    [ProducesResponseType<double>(StatusCodes.Status200OK)]
    public Task<double> GetDailyUsage([FromQuery, BindRequired] StorageTier storageTier, CancellationToken cancellationToken) =>
        amoveStorage.GetDailyUsageAsync(Caller, storageTier, cancellationToken);
}

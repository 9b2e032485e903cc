using Amove.CloudAccounts.Api.Errors;
using Amove.CloudAccounts.Core.ApiTokens;
using Amove.CloudAccounts.Core.ApiTokens.Contracts;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Amove.CloudAccounts.Api.Controllers;

/// <summary>API tokens: long-lived tokens for agents and scripts, each bound to a session that can be revoked.</summary>
[ApiController]
[Authorize]
[Route("api/v1/apitoken")]
[Produces("application/json")]
[ProducesResponseType(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ValidationProblemDetails>(AmoveProblem.StatusCode, AmoveProblem.ContentType)]
public sealed class ApiTokenController(ApiTokenService apiTokens) : ControllerBase
{
    private CurrentUser Caller => AmoveClaims.Read(User);

    /// <summary>The caller's API tokens, newest first; neither the token nor its encryption key is ever shown again.</summary>
    [HttpGet("get_all")]
    [ProducesResponseType<DtoCollection<ApiTokenResponse>>(StatusCodes.Status200OK)]
    public Task<DtoCollection<ApiTokenResponse>> GetAll([FromQuery] GetAllApiTokensQuery query, CancellationToken cancellationToken) =>
        apiTokens.GetAllAsync(Caller, query, cancellationToken);

    /// <summary>Creates an API token for the caller; the answer carries the token, this once.</summary>
    /// <remarks>
    /// With <c>isEncrypted</c>, the token itself is encrypted with a key derived from <c>encryptionKey</c>, and
    /// <c>get_amove_storage</c> called with it encrypts the storage keys it returns. An API token cannot create tokens.
    /// </remarks>
    [HttpPost("insert")]
    [ProducesResponseType<ApiTokenResponse>(StatusCodes.Status200OK)]
    public Task<ApiTokenResponse> Insert([FromBody] InsertApiTokenRequest request, CancellationToken cancellationToken) =>
        apiTokens.InsertAsync(Caller, HttpContext.Features.Get<ApiTokenSession>(), request, cancellationToken);

    /// <summary>Revokes one of the caller's API tokens: its next use, on any instance, is a 401.</summary>
    /// <param name="id">The API token's id.</param>
    [HttpDelete("delete")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    public async Task<IActionResult> Delete([FromQuery, BindRequired] Guid id, CancellationToken cancellationToken)
    {
        await apiTokens.DeleteAsync(Caller, id, cancellationToken);
        return Ok();
    }
}

using Amove.CloudAccounts.Api.Errors;
using Amove.CloudAccounts.Connectors;
using Amove.CloudAccounts.Core.CloudAccounts.Connect;
using Amove.CloudAccounts.Core.CloudAccounts.Contracts;
using Amove.CloudAccounts.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Amove.CloudAccounts.Api.Controllers;

/// <summary>
/// Connecting Dropbox, Box, Google Drive, OneDrive and Frame.io accounts through their OAuth authorization-code flows:
/// <c>generate_{provider}_authorization_url</c> gives the URL to open in a browser; the provider sends the browser back to
/// the redirect URL with <c>code</c> and <c>state</c> (or <c>error</c>), which the client passes to
/// <c>{provider}_authorization_callback</c>, which stores the account as <c>insert</c> does.
/// </summary>
[ApiController]
[Authorize]
[Route(RoutePrefix)]
[Produces("application/json")]
[ProducesResponseType(StatusCodes.Status401Unauthorized)]
[ProducesResponseType<ValidationProblemDetails>(AmoveProblem.StatusCode, AmoveProblem.ContentType)]
public sealed class DesktopController(OAuthConnectService connect) : ControllerBase
{
    public const string RoutePrefix = "api/v1/desktop";

    private CurrentUser Caller => AmoveClaims.Read(User);

    /// <summary>The Dropbox authorization URL to open in the user's browser (offline access, PKCE).</summary>
    [HttpPost("generate_dropbox_authorization_url")]
    [ProducesResponseType<string>(StatusCodes.Status200OK)]
    public Task<string> GenerateDropboxAuthorizationUrl([FromBody] GenerateAuthorizationUrlRequest request, CancellationToken cancellationToken) =>
        connect.GenerateAuthorizationUrlAsync(Caller, CloudProvider.Dropbox, request, cancellationToken);

    /// <summary>Completes a Dropbox connection: exchanges the code, checks the tokens with Dropbox and stores the account.</summary>
    [HttpPost("dropbox_authorization_callback")]
    [ProducesResponseType<CloudAccountResponse>(StatusCodes.Status200OK)]
    public Task<CloudAccountResponse> DropboxAuthorizationCallback([FromBody] AuthorizationCallbackRequest request, CancellationToken cancellationToken) =>
        connect.CompleteAuthorizationAsync(Caller, CloudProvider.Dropbox, request, cancellationToken);

    /// <summary>The Box authorization URL to open in the user's browser.</summary>
    [HttpPost("generate_box_authorization_url")]
    [ProducesResponseType<string>(StatusCodes.Status200OK)]
    public Task<string> GenerateBoxAuthorizationUrl([FromBody] GenerateAuthorizationUrlRequest request, CancellationToken cancellationToken) =>
        connect.GenerateAuthorizationUrlAsync(Caller, CloudProvider.Box, request, cancellationToken);

    /// <summary>Completes a Box connection: exchanges the code, checks the tokens with Box and stores the account.</summary>
    [HttpPost("box_authorization_callback")]
    [ProducesResponseType<CloudAccountResponse>(StatusCodes.Status200OK)]
    public Task<CloudAccountResponse> BoxAuthorizationCallback([FromBody] AuthorizationCallbackRequest request, CancellationToken cancellationToken) =>
        connect.CompleteAuthorizationAsync(Caller, CloudProvider.Box, request, cancellationToken);

    /// <summary>The Google authorization URL to open in the user's browser (read-only Drive, offline access, PKCE).</summary>
    [HttpPost("generate_googledrive_authorization_url")]
    [ProducesResponseType<string>(StatusCodes.Status200OK)]
    public Task<string> GenerateGoogleDriveAuthorizationUrl([FromBody] GenerateAuthorizationUrlRequest request, CancellationToken cancellationToken) =>
        connect.GenerateAuthorizationUrlAsync(Caller, CloudProvider.GoogleDrive, request, cancellationToken);

    /// <summary>Completes a Google Drive connection: exchanges the code, checks the tokens with Drive and stores the account.</summary>
    [HttpPost("googledrive_authorization_callback")]
    [ProducesResponseType<CloudAccountResponse>(StatusCodes.Status200OK)]
    public Task<CloudAccountResponse> GoogleDriveAuthorizationCallback([FromBody] AuthorizationCallbackRequest request, CancellationToken cancellationToken) =>
        connect.CompleteAuthorizationAsync(Caller, CloudProvider.GoogleDrive, request, cancellationToken);

    /// <summary>The Microsoft authorization URL to open in the user's browser (offline_access, PKCE).</summary>
    [HttpPost("generate_onedrive_authorization_url")]
    [ProducesResponseType<string>(StatusCodes.Status200OK)]
    public Task<string> GenerateOneDriveAuthorizationUrl([FromBody] GenerateAuthorizationUrlRequest request, CancellationToken cancellationToken) =>
        connect.GenerateAuthorizationUrlAsync(Caller, CloudProvider.OneDrive, request, cancellationToken);

    /// <summary>Completes a OneDrive connection: exchanges the code, checks the tokens with Microsoft Graph and stores the account.</summary>
    [HttpPost("onedrive_authorization_callback")]
    [ProducesResponseType<CloudAccountResponse>(StatusCodes.Status200OK)]
    public Task<CloudAccountResponse> OneDriveAuthorizationCallback([FromBody] AuthorizationCallbackRequest request, CancellationToken cancellationToken) =>
        connect.CompleteAuthorizationAsync(Caller, CloudProvider.OneDrive, request, cancellationToken);

    /// <summary>The Adobe IMS authorization URL for Frame.io to open in the user's browser (offline_access).</summary>
    [HttpPost("generate_frame_authorization_url")]
    [ProducesResponseType<string>(StatusCodes.Status200OK)]
    public Task<string> GenerateFrameAuthorizationUrl([FromBody] GenerateAuthorizationUrlRequest request, CancellationToken cancellationToken) =>
        connect.GenerateAuthorizationUrlAsync(Caller, CloudProvider.Frame, request, cancellationToken);

    /// <summary>Completes a Frame.io connection: exchanges the code, checks the tokens with Frame.io and stores the account.</summary>
    [HttpPost("frame_authorization_callback")]
    [ProducesResponseType<CloudAccountResponse>(StatusCodes.Status200OK)]
    public Task<CloudAccountResponse> FrameAuthorizationCallback([FromBody] AuthorizationCallbackRequest request, CancellationToken cancellationToken) =>
        connect.CompleteAuthorizationAsync(Caller, CloudProvider.Frame, request, cancellationToken);
}

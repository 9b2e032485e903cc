namespace Amove.CloudAccounts.Api.OpenApi;

/// <summary>
/// Whether the Swagger document and UI are served (section <c>OpenApi</c>). On in Development; elsewhere off unless
/// set, because the document maps the whole attack surface for anyone who can reach the port.
/// </summary>
public sealed class OpenApiOptions
{
    public const string SectionName = "OpenApi";

    /// <summary>Defaults to true in Development and false in every other environment.</summary>
    public bool Enabled { get; set; }
}

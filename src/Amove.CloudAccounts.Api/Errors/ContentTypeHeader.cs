using Microsoft.AspNetCore.Mvc.Formatters;

namespace Amove.CloudAccounts.Api.Errors;

/// <summary>Reads a request's Content-Type the way MVC does, without MVC's exceptions on malformed parameters.</summary>
internal static class ContentTypeHeader
{
    public const string Invalid = "The Content-Type header is not valid.";

    /// <summary>False when the header cannot be parsed; an absent header parses, as no media type.</summary>
    public static bool TryParse(string? contentType, out MediaType mediaType, out string? charset)
    {
        mediaType = default;
        charset = null;
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        try
        {
            mediaType = new MediaType(contentType);
            charset = mediaType.Charset.HasValue ? mediaType.Charset.ToString() : null;
            return true;
        }
        catch (ArgumentException)
        {
            // MVC's parameter parser reads past the end of e.g. "application/json; charset=" (ArgumentOutOfRangeException).
            return false;
        }
    }
}

/// <summary>The request's Content-Type header cannot be parsed.</summary>
internal sealed class InvalidContentTypeException() : Exception(ContentTypeHeader.Invalid);

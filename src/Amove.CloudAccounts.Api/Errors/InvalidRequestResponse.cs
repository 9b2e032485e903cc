using System.Text.Json;
using Amove.CloudAccounts.Core.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Amove.CloudAccounts.Api.Errors;

/// <summary>
/// Turns model-binding failures (malformed JSON, wrong JSON types, bad uuids, a missing body or
/// content type) into a 499 DEFAULT whose messages name the field, instead of MVC's 400 or 415.
/// </summary>
/// <remarks>
/// Failures are told apart by what MVC records, never by its (English, version-dependent) messages: the exception
/// kept with the error (see <c>AllowInputFormatterExceptionMessages</c> in <see cref="ApiServiceCollectionExtensions"/>),
/// whether the key is a JSON path, the body parameter or a query parameter, and whether a value was sent.
/// </remarks>
internal static class InvalidRequestResponse
{
    public const string NotJson = "The request body is not valid JSON.";
    public const string NotAJsonObject = "The request body is not valid JSON for this action: a JSON object is expected.";
    public const string BodyRequired = "The request body is required.";
    public const string MustBeJson = "The request body must be JSON (Content-Type: application/json).";
    public const string UnreadableForm = "The request body does not match its Content-Type.";

    public static IActionResult Create(ActionContext context) =>
        new ProblemResult(Describe(context).ToList());

    // Written by the same code as every other 499, whatever content type the action produces.
    private sealed class ProblemResult(IReadOnlyList<string> messages) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) =>
            AmoveProblem.WriteAsync(context.HttpContext, ErrorCodes.Default, messages);
    }

    private static IEnumerable<string> Describe(ActionContext context)
    {
        var bodyParameter = context.ActionDescriptor.Parameters
            .FirstOrDefault(p => p.BindingInfo?.BindingSource == BindingSource.Body)?.Name;
        var failures = context.ModelState
            .Where(entry => entry.Value is { Errors.Count: > 0 })
            .SelectMany(entry => entry.Value!.Errors.Select(error => (entry.Key, Entry: entry.Value!, Error: error)))
            .ToList();

        // When the body could not be read, MVC also reports the body parameter as missing, which only repeats it.
        var bodyUnreadable = failures.Any(f => f.Error.Exception is not null && (IsJsonPath(f.Key) || IsBody(f.Key, bodyParameter)));

        foreach (var (key, entry, error) in failures)
        {
            switch (error.Exception)
            {
                case UnsupportedContentTypeException:
                    yield return DescribeUnsupportedContentType(context.HttpContext.Request.ContentType);
                    break;
                case InvalidContentTypeException:
                    yield return ContentTypeHeader.Invalid;
                    break;
                case UndecodableBodyException undecodable:
                    yield return $"The request body is not valid in its declared charset ({undecodable.Charset}).";
                    break;
                case ValueProviderException:
                    yield return UnreadableForm;
                    break;
                case JsonException json when IsJsonPath(key):
                    yield return DescribeJsonFailure(key, json);
                    break;
                case not null when IsJsonPath(key):
                    yield return NotJson;
                    break;
                default:
                    if (IsBody(key, bodyParameter))
                    {
                        if (!bodyUnreadable)
                        {
                            yield return BodyRequired;
                        }
                    }
                    else
                    {
                        // A query parameter: nothing sent means it was required; anything else did not convert.
                        var field = ToFieldName(key[(key.LastIndexOf('.') + 1)..]);
                        yield return entry.AttemptedValue is null && entry.RawValue is null
                            ? $"'{field}' is required."
                            : $"'{field}' has an invalid value.";
                    }

                    break;
            }
        }
    }

    // System.Text.Json reports where it failed as a JSON path: "$" is the body itself, "$.count" one of its fields.
    private static bool IsJsonPath(string key) => key.StartsWith('$');

    private static bool IsBody(string key, string? bodyParameter) =>
        key.Length == 0 || (bodyParameter is not null && key == bodyParameter);

    private static string DescribeJsonFailure(string path, JsonException exception)
    {
        // The reader's own exception inside means the text is not JSON at all (bad syntax, too deep, truncated);
        // without one, the JSON is fine but a value has the wrong type or range for its field.
        if (exception.InnerException is JsonException)
        {
            return NotJson;
        }

        if (!path.StartsWith("$.", StringComparison.Ordinal))
        {
            return NotAJsonObject;
        }

        var field = path[2..];
        var end = field.IndexOfAny(['.', '[']);
        return $"'{ToFieldName(end < 0 ? field : field[..end])}' has an invalid value.";
    }

    private static string DescribeUnsupportedContentType(string? contentType)
    {
        if (!ContentTypeHeader.TryParse(contentType, out var mediaType, out var charset))
        {
            return ContentTypeHeader.Invalid;
        }

        // A JSON media type is refused only for its charset (UTF-8 and UTF-16 are read).
        var isJson = mediaType.Type.HasValue
            && (mediaType.SubType.Equals("json", StringComparison.OrdinalIgnoreCase)
                || mediaType.SubTypeSuffix.Equals("json", StringComparison.OrdinalIgnoreCase));
        return isJson && charset is not null
            ? $"The request body's charset '{charset}' is not supported: send UTF-8."
            : MustBeJson;
    }

    private static string ToFieldName(string path) =>
        path.Length == 0 ? path : char.ToLowerInvariant(path[0]) + path[1..];
}

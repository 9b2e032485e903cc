using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;
using Microsoft.Extensions.Options;

namespace Amove.CloudAccounts.Api.Errors;

/// <summary>
/// MVC's JSON input formatter, except that a body that is not valid in its declared charset (say, odd bytes sent as
/// <c>charset=utf-16</c>) is a model error, reported as a 499 DEFAULT. MVC decodes such bodies with a strict decoder
/// whose exception it does not catch, which would otherwise surface as a 500.
/// </summary>
internal sealed class StrictCharsetJsonInputFormatter(JsonOptions options, ILogger<SystemTextJsonInputFormatter> logger)
    : SystemTextJsonInputFormatter(options, logger)
{
    public override async Task<InputFormatterResult> ReadAsync(InputFormatterContext context)
    {
        // MVC would parse the charset itself and throw on some malformed headers.
        if (!ContentTypeHeader.TryParse(context.HttpContext.Request.ContentType, out _, out var charset))
        {
            context.ModelState.TryAddModelException(context.ModelName, new InvalidContentTypeException());
            return InputFormatterResult.Failure();
        }

        try
        {
            return await base.ReadAsync(context);
        }
        catch (DecoderFallbackException exception)
        {
            // Only a declared charset other than UTF-8 is transcoded, so there is one to name.
            context.ModelState.TryAddModelException(context.ModelName, new UndecodableBodyException(charset ?? "?", exception));
            return InputFormatterResult.Failure();
        }
    }

    /// <summary>Puts this formatter in place of MVC's own.</summary>
    internal sealed class Setup(IOptions<JsonOptions> jsonOptions, ILogger<SystemTextJsonInputFormatter> logger) : IConfigureOptions<MvcOptions>
    {
        public void Configure(MvcOptions options)
        {
            var index = options.InputFormatters.IndexOf(options.InputFormatters.OfType<SystemTextJsonInputFormatter>().Single());
            options.InputFormatters[index] = new StrictCharsetJsonInputFormatter(jsonOptions.Value, logger);
        }
    }
}

/// <summary>The request body's bytes are not text in the charset its Content-Type declares.</summary>
internal sealed class UndecodableBodyException(string charset, Exception innerException)
    : Exception($"The request body is not valid {charset}.", innerException)
{
    public string Charset { get; } = charset;
}

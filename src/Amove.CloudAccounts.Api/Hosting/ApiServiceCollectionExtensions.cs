using System.Text.Json.Serialization;
using Amove.CloudAccounts.Api.Errors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiServiceCollectionExtensions
{
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>MVC controllers with Amove's JSON and error conventions: every client error is a 499.</summary>
    public static IHostApplicationBuilder AddAmoveApi(this IHostApplicationBuilder builder)
    {
        builder.Services
            .AddControllers(options =>
            {
                // Without this filter a wrong Content-Type is a 415; Amove answers 499 DEFAULT.
                foreach (var filter in options.Filters.OfType<UnsupportedContentTypeFilter>().ToList())
                {
                    options.Filters.Remove(filter);
                }

                // Every action binds JSON bodies, query strings and routes, nothing else. The form and jQuery-style
                // providers would parse any form body (and throw ArgumentException, a 500, on keys like "a[b").
                options.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
                options.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
                options.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
                options.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
            })
            .AddJsonOptions(options =>
            {
                // Web defaults would read "10" as 10; a wrong JSON type is bad input here.
                options.JsonSerializerOptions.NumberHandling = JsonNumberHandling.Strict;

                // Keeps System.Text.Json's exception (not just its English message) in the model state, so that
                // InvalidRequestResponse can tell bad syntax from a wrong type; clients get our messages either way.
                options.AllowInputFormatterExceptionMessages = false;
            })
            .ConfigureApiBehaviorOptions(options =>
            {
                options.InvalidModelStateResponseFactory = InvalidRequestResponse.Create;
            });

        builder.Services.AddTransient<IConfigureOptions<MvcOptions>, StrictCharsetJsonInputFormatter.Setup>();

        // The largest legitimate body is an insert with 16 KB of credentialsData; Kestrel's 30 MB default only invites abuse.
        builder.Services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        builder.Services.AddExceptionHandler<AmoveExceptionHandler>();
        builder.Services.AddProblemDetails();
        return builder;
    }
}

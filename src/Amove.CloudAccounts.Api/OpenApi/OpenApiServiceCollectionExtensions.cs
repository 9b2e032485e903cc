using Amove.CloudAccounts.Api.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Microsoft.Extensions.DependencyInjection;

public static class OpenApiServiceCollectionExtensions
{
    private const string BearerScheme = "Bearer";

    /// <summary>The Swagger document at /swagger/v1/swagger.json, with bearer auth and XML docs.</summary>
    public static IHostApplicationBuilder AddAmoveOpenApi(this IHostApplicationBuilder builder)
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        // The environment's default first, so configuration overrides it; a malformed value stops the start.
        builder.Services.AddOptions<OpenApiOptions>()
            .Configure(options => options.Enabled = isDevelopment)
            .BindConfiguration(OpenApiOptions.SectionName)
            .ValidateOnStart();

        // Read once here as well: when the document is off, Swashbuckle and the API explorer are not even loaded, which
        // keeps them out of memory and start-up time. A malformed value is reported by the binding above.
        var configured = builder.Configuration[$"{OpenApiOptions.SectionName}:{nameof(OpenApiOptions.Enabled)}"];
        if (bool.TryParse(configured, out var enabled) ? enabled : isDevelopment)
        {
            AddSwaggerDocument(builder.Services);
        }

        return builder;
    }

    private static void AddSwaggerDocument(IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Amove Cloud Accounts API",
                Version = "v1",
                Description = "Connect storage clouds and browse their buckets and objects. Application errors are "
                    + "HTTP 499 with a ValidationProblemDetails body and an error-code header.",
            });

            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT from Amove's identity service (in Development: `dotnet user-jwts create`).",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [],
            });

            foreach (var assembly in new[] { typeof(Program).Assembly, typeof(Amove.CloudAccounts.Core.Errors.ErrorCodes).Assembly })
            {
                var xml = Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml");
                if (File.Exists(xml))
                {
                    options.IncludeXmlComments(xml);
                }
            }
        });
    }

    /// <summary>Serves the Swagger document and UI under <c>/swagger</c> when <c>OpenApi:Enabled</c> allows it.</summary>
    public static IApplicationBuilder UseAmoveOpenApi(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<OpenApiOptions>>().Value.Enabled)
        {
            UseSwaggerDocument(app);
        }

        return app;
    }

    // Separate, so that Swashbuckle's assemblies load only when the document is served.
    private static void UseSwaggerDocument(IApplicationBuilder app)
    {
        app.UseSwagger();
        app.UseSwaggerUI();
    }
}

using System.Security.Cryptography.X509Certificates;
using Amove.CloudAccounts.Api.Hosting;
using Microsoft.AspNetCore.DataProtection;

namespace Microsoft.Extensions.DependencyInjection;

public static class DataProtectionServiceCollectionExtensions
{
    private const string ApplicationName = "Amove.CloudAccounts";

    /// <summary>A persisted key ring shared by all instances, kept apart from the database it protects.</summary>
    public static IHostApplicationBuilder AddAmoveDataProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeyRingOptions>()
            .BindConfiguration(KeyRingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new KeyRingOptions();
        var directory = Path.GetFullPath(options.KeysDirectory, builder.Environment.ContentRootPath);

        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(directory));

        if (!string.IsNullOrEmpty(options.CertificatePath))
        {
            dataProtection.ProtectKeysWithCertificate(
                X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword));
        }

        return builder;
    }
}

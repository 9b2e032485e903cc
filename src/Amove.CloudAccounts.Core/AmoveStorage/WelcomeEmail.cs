using Amove.CloudAccounts.Core.Email;
using Amove.CloudAccounts.Core.Entities;

namespace Amove.CloudAccounts.Core.AmoveStorage;

/// <summary>The e-mail that hands a new storage's credentials to its owner.</summary>
internal static class WelcomeEmail
{
    public static EmailMessage For(
        string recipient, HostRegion region, StorageTier tier, RegionAccess access, string bucketName, string password) => new(
        recipient,
        $"Your Amove storage in {region.Name} ({tier}) is ready",
        $"""
        Hello,

        Your Amove storage is ready. Connect any S3-compatible client to it with these details:

        Endpoint:    {access.ServiceUrl.AbsoluteUri}
        Region:      {region.Name} ({region.Key})
        Tier:        {tier}
        Bucket:      {bucketName}
        Access key:  {access.AccessKey}
        Secret key:  {access.SecretKey}
        Password:    {password}

        Keep this e-mail private: these keys give full access to the storage. The Amove apps show the access key
        and endpoint again at any time.
        """);
}

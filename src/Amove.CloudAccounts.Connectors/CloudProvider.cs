namespace Amove.CloudAccounts.Connectors;

/// <summary>Amove's <c>CloudProvider</c> flags; an account has exactly one.</summary>
public enum CloudProvider
{
    AWS = 1,
    Wasabi = 2,
    Azure = 4,
    S3Generic = 8,
    Google = 16,
    Frame = 32,
    Cloudflare = 64,
    Dropbox = 128,
    Box = 256,
    OneDrive = 512,
    GoogleDrive = 1024,
    FastrServer = 4096,
}

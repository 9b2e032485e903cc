namespace Amove.CloudAccounts.Core.Email;

/// <summary>Names a running worker in the lease columns: readable for operators, unique across a fleet.</summary>
internal static class InstanceIds
{
    /// <summary>machine/pid/random, at most 90 characters (the lease columns hold 200).</summary>
    public static string New()
    {
        var machine = Environment.MachineName;
        return $"{machine[..Math.Min(machine.Length, 64)]}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..12]}";
    }
}

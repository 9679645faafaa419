using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Access;

public static class ConstantTime
{
    /// <summary>Compares SHA-256 digests in constant time, so neither the content nor the length of a secret leaks through timing.</summary>
    public static bool SameText(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

namespace SupportBot.Conversation;

/// <summary>Recognises the failure to fetch the OpenID metadata (signing keys) a Bot Framework token is checked against.</summary>
public static class SignInMetadata
{
    public static bool IsUnavailable(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is HttpRequestException or TaskCanceledException { InnerException: TimeoutException }) return true;
            // Microsoft.IdentityModel's ConfigurationManager: "IDX20803: Unable to obtain configuration from: …".
            if (x.Message.Contains("IDX20803", StringComparison.Ordinal) || x.Message.Contains("IDX20804", StringComparison.Ordinal)) return true;
        }
        return false;
    }
}

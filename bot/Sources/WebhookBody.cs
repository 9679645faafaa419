namespace SupportBot.Sources;

/// <summary>Reads a request body up to a limit without ever buffering more than limit + 1 bytes.</summary>
public readonly record struct WebhookBody(byte[] Bytes, bool TooLarge)
{
    public static async Task<WebhookBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return new([], true);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return new([], true);
            buffer.Write(chunk, 0, read);
        }
        return new(buffer.ToArray(), false);
    }
}

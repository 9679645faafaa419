namespace SupportBot.Sources;

/// <summary>
/// Reads a request body up to a limit without ever buffering more than limit + 1 bytes. <see cref="Size"/> is the
/// declared length, or for a refused chunked body how much had arrived when reading stopped.
/// </summary>
public readonly record struct WebhookBody(byte[] Bytes, bool TooLarge, long Size)
{
    public static async Task<WebhookBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return new([], true, request.ContentLength.Value);
        // The server's own cap (Kestrel: 30 MB) must not refuse what the configured limit allows.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } cap)
            cap.MaxRequestBodySize = (long)maxBytes + 1;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return new([], true, buffer.Length + read);
            buffer.Write(chunk, 0, read);
        }
        return new(buffer.ToArray(), false, buffer.Length);
    }
}

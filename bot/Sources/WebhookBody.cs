using System.Buffers;

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
        // A declared length (what monitors send) is read straight into a buffer of that size: no copies per webhook.
        if (request.ContentLength is { } declared) return new(await ReadDeclaredAsync(request.Body, (int)declared, ct), false, declared);

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes) return new([], true, buffer.Length + read);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return new(buffer.ToArray(), false, buffer.Length);
    }

    private static async Task<byte[]> ReadDeclaredAsync(Stream body, int length, CancellationToken ct)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(length);   // every byte is read into it (or it is cut to what was)
        var filled = 0;
        while (filled < length)
        {
            var read = await body.ReadAsync(bytes.AsMemory(filled), ct);
            if (read == 0) return bytes[..filled];   // the server ends a short body with an error before this
            filled += read;
        }
        return bytes;
    }
}

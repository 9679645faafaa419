using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace SupportBot.StatusPage;

/// <summary>Public responses carry a strong ETag (a hash of the body), Last-Modified and a short max-age; a matching revalidation gets 304.</summary>
public static class ConditionalResponse
{
    public static IResult Send(HttpContext http, string body, string contentType, DateTimeOffset lastModified, int maxAgeSeconds)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..20]}\"");
        var modified = TruncateToSeconds(lastModified);

        var response = http.Response.GetTypedHeaders();
        response.ETag = etag;
        response.LastModified = modified;
        response.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(maxAgeSeconds) };
        http.Response.Headers.XContentTypeOptions = "nosniff";

        var request = http.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch is { Count: > 0 } candidates
            ? candidates.Any(c => c.Equals(EntityTagHeaderValue.Any) || c.Compare(etag, useStrongComparison: false))
            : request.IfModifiedSince is { } since && modified <= since;
        return notModified ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(bytes, contentType);
    }

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}

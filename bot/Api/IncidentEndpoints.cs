using SupportBot.Access;
using SupportBot.Incidents;
using SupportBot.Redaction;

namespace SupportBot.Api;

/// <summary>
/// Read-only JSON view of incidents, for people and scripts: GET /api/incidents (paged, newest first),
/// GET /api/incidents/42. Internal: the caller needs the admin credential outside Development; without it (an open
/// Development bot) the texts are redacted.
/// </summary>
public static class IncidentEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapIncidentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents");
        group.MapGet("/", async (IIncidentStore store, HttpContext http, IRedactor redactor, bool? open, int? limit, int? before, CancellationToken ct) =>
        {
            var size = limit ?? DefaultLimit;
            if (size < 1 || before < 1)
                return Results.Problem(statusCode: 400, title: "Invalid paging",
                    detail: $"limit must be between 1 and {MaxLimit} (larger asks get {MaxLimit}); before must be an incident number.");
            size = Math.Min(size, MaxLimit);

            var (page, total) = await PageAsync(store, open, size + 1, before, ct);
            var next = page.Count > size
                ? $"/api/incidents?{(open is null ? "" : $"open={(open.Value ? "true" : "false")}&")}limit={size}&before={page[size - 1].Number}"
                : null;
            IReadOnlyList<IncidentSummaryView> shown = page.Take(size).Select(IncidentSummaryView.Of).ToList();
            if (!InternalAccess.HasCredential(http)) shown = await RedactedViews.RedactAsync(shown, redactor, ct);
            return Results.Ok(new IncidentPage(shown, total, size, next));
        });
        group.MapGet("/{id}", async (string id, HttpContext http, IIncidentStore store, IRedactor redactor, CancellationToken ct) =>
        {
            if (!IncidentNumber.TryParse(id, out var number))
                return Results.Problem(statusCode: 400, title: "Invalid incident id", detail: $"'{id}' is not an incident id; use 42 or INC-42.");
            if (await store.GetAsync(number, ct) is not { } incident)
                return Results.Problem(statusCode: 404, title: "No such incident", detail: $"There is no incident INC-{number}.");
            var admin = InternalAccess.HasCredential(http);
            var view = IncidentView.Of(incident, withNotes: admin);
            return Results.Ok(admin ? view : await RedactedViews.RedactAsync(view, redactor, ct));
        });
        return app;
    }

    /// <summary>
    /// Up to <paramref name="take"/> incidents numbered below <paramref name="before"/>, newest first, and how many match
    /// in all; read page by page from the store, so a page costs the same however many incidents are kept.
    /// </summary>
    private static async Task<(List<Incident> Page, int Total)> PageAsync(IIncidentStore store, bool? open, int take, int? before, CancellationToken ct)
    {
        var openNow = await store.ListOpenAsync(0, ct);
        if (open == true)
            return (openNow.MostSevere.Where(i => before is null || i.Number < before).OrderByDescending(i => i.Number).Take(take).ToList(), openNow.Count);
        var total = await store.CountAsync(ct);
        if (open is null) return ((await store.ListRecentAsync(take, before, ct)).ToList(), total);

        var page = new List<Incident>();
        for (var below = before; page.Count < take;)
        {
            var chunk = await store.ListRecentAsync(take + openNow.Count, below, ct);
            page.AddRange(chunk.Where(i => !i.IsOpen).Take(take - page.Count));
            if (chunk.Count < take + openNow.Count) break;
            below = chunk[^1].Number;
        }
        return (page, total - openNow.Count);
    }
}

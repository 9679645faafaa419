using SupportBot.Access;
using SupportBot.Incidents;

namespace SupportBot.Api;

/// <summary>
/// Read-only JSON view of incidents, for people and scripts: GET /api/incidents (paged, newest first),
/// GET /api/incidents/42. Internal: the caller needs the admin credential outside Development.
/// </summary>
public static class IncidentEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static IEndpointRouteBuilder MapIncidentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents");
        group.MapGet("/", async (IIncidentStore store, bool? open, int? limit, int? before, CancellationToken ct) =>
        {
            var size = limit ?? DefaultLimit;
            if (size < 1 || before < 1)
                return Results.Problem(statusCode: 400, title: "Invalid paging",
                    detail: $"limit must be between 1 and {MaxLimit} (larger asks get {MaxLimit}); before must be an incident number.");
            size = Math.Min(size, MaxLimit);

            var matching = (await store.ListAsync(ct))
                .Where(i => open is null || i.IsOpen == open)
                .OrderByDescending(i => i.Number)
                .ToList();
            var page = matching.Where(i => before is null || i.Number < before).Take(size + 1).ToList();
            var next = page.Count > size
                ? $"/api/incidents?{(open is null ? "" : $"open={(open.Value ? "true" : "false")}&")}limit={size}&before={page[size - 1].Number}"
                : null;
            return Results.Ok(new IncidentPage(page.Take(size).Select(IncidentSummaryView.Of).ToList(), matching.Count, size, next));
        });
        group.MapGet("/{id}", async (string id, HttpContext http, IIncidentStore store, CancellationToken ct) =>
        {
            if (!IncidentNumber.TryParse(id, out var number))
                return Results.Problem(statusCode: 400, title: "Invalid incident id", detail: $"'{id}' is not an incident id; use 42 or INC-42.");
            return await store.GetAsync(number, ct) is { } incident
                ? Results.Ok(IncidentView.Of(incident, withNotes: InternalAccess.HasCredential(http)))
                : Results.Problem(statusCode: 404, title: "No such incident", detail: $"There is no incident INC-{number}.");
        });
        return app;
    }
}

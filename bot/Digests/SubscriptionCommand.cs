using System.Globalization;
using System.Text.RegularExpressions;
using SupportBot.Alerts;
using SupportBot.Channels;

namespace SupportBot.Digests;

/// <summary>A personal subscription command, parsed from chat.</summary>
public abstract record SubscriptionCommand
{
    public const string DigestForm = "**subscribe digest daily 09:00** or **subscribe digest weekly mon 09:00 Europe/Berlin** (time zone optional)";
    public const string ServiceForm = "**subscribe service checkout-api severity critical** (severity optional: critical, major, minor or info)";
    public const string UnsubscribeForm = "**unsubscribe 3** (the number from **subscriptions**) or **unsubscribe all**";

    /// <summary>The words these commands start with.</summary>
    public static readonly string[] Verbs = ["subscribe", "unsubscribe", "subscriptions"];

    /// <summary>The command, a <see cref="Bad"/> one that explains the right form, or null when the text is not about personal subscriptions.</summary>
    public static SubscriptionCommand? Parse(string text) => SubscriptionParser.Parse(text);

    public sealed record SubscribeDigest(DigestSchedule Schedule, string? TimeZone) : SubscriptionCommand;
    public sealed record SubscribeService(ServiceWatch Watch) : SubscriptionCommand;
    public sealed record List : SubscriptionCommand;
    public sealed record Unsubscribe(int Id) : SubscriptionCommand;
    public sealed record UnsubscribeAll : SubscriptionCommand;
    public sealed record Bad(string Reply) : SubscriptionCommand;
}

internal static partial class SubscriptionParser
{
    /// <summary>What was typed for a zone, shown back with only the characters zone names have (no markup, no mention).</summary>
    private static string ZoneAsTyped(string typed)
    {
        var kept = new string(typed.Where(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+').Take(60).ToArray());
        return kept.Length > 0 ? kept : "?";
    }

    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = DayOfWeek.Monday, ["monday"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday, ["tues"] = DayOfWeek.Tuesday, ["tuesday"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["thur"] = DayOfWeek.Thursday, ["thurs"] = DayOfWeek.Thursday, ["thursday"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["friday"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday, ["saturday"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday, ["sunday"] = DayOfWeek.Sunday,
    };

    private static readonly TimeOnly DefaultTime = new(9, 0);

    public static SubscriptionCommand? Parse(string text)
    {
        // Keep the case of the words: time zone ids are case-sensitive on disk.
        var words = Words().Matches(text.Trim().TrimEnd('.', '!', '?', ' ').TrimStart('/')).Select(m => m.Value).ToArray();
        if (words.Length == 0) return null;
        var verb = words[0].ToLowerInvariant();
        var rest = words[1..];

        return verb switch
        {
            "subscriptions" when rest.Length == 0 => new SubscriptionCommand.List(),
            "my" or "list" when rest is [var w] && Is(w, "subscriptions") => new SubscriptionCommand.List(),
            "subscribe" => Subscribe(rest),
            "unsubscribe" => Unsubscribe(rest),
            _ => null,
        };
    }

    private static SubscriptionCommand? Subscribe(string[] rest) => rest switch
    {
        [var here, ..] when Is(here, "here") => null, // the channel's briefings, with or without a filter: BriefingChannelSkill
        [var what, .. var args] when Is(what, "digest") => Digest(args),
        [var what, .. var args] when Is(what, "service") => Service(args),
        _ => new SubscriptionCommand.Bad($"To subscribe, say {SubscriptionCommand.DigestForm}, or {SubscriptionCommand.ServiceForm}."),
    };

    private static SubscriptionCommand? Unsubscribe(string[] rest) => rest switch
    {
        [var here] when Is(here, "here") => null,
        [var all] when Is(all, "all") => new SubscriptionCommand.UnsubscribeAll(),
        [var n] when int.TryParse(n.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 =>
            new SubscriptionCommand.Unsubscribe(id),
        _ => new SubscriptionCommand.Bad($"To unsubscribe, say {SubscriptionCommand.UnsubscribeForm}."),
    };

    private static SubscriptionCommand Digest(string[] args)
    {
        var bad = new SubscriptionCommand.Bad($"To get a digest, say {SubscriptionCommand.DigestForm}.");
        if (args.Length == 0) return bad;

        DayOfWeek? day = null;
        var i = 1;
        if (Is(args[0], "weekly"))
        {
            if (args.Length < 2 || !Days.TryGetValue(args[1], out var d))
                return new SubscriptionCommand.Bad($"Which day? Say e.g. **subscribe digest weekly mon 09:00** (mon … sun).");
            day = d;
            i = 2;
        }
        else if (!Is(args[0], "daily")) return bad;

        var at = DefaultTime;
        if (i < args.Length && TimeOfDay().IsMatch(args[i]))
        {
            if (!TimeOnly.TryParseExact(args[i].PadLeft(5, '0'), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out at))
                return new SubscriptionCommand.Bad($"\"{args[i]}\" is not a time of day; use 24-hour HH:mm, e.g. 09:00 or 17:30. {Again()}");
            i++;
        }
        else if (i < args.Length && LooksLikeTime().IsMatch(args[i]))
            return new SubscriptionCommand.Bad($"\"{args[i]}\" is not a time of day; use 24-hour HH:mm, e.g. 09:00 or 17:30. {Again()}");

        string? zone = null;
        if (i < args.Length)
        {
            if (!TimeZones.TryFind(args[i], out var found))
                return new SubscriptionCommand.Bad($"I don't know the time zone \"{ZoneAsTyped(args[i])}\"; use an IANA name such as Europe/Berlin, America/New_York or UTC. {Again()}");
            zone = found.Id;
            i++;
        }
        if (i < args.Length) return bad;

        var schedule = day is null ? new DigestSchedule(DigestFrequency.Daily, at) : new DigestSchedule(DigestFrequency.Weekly, at, day);
        return new SubscriptionCommand.SubscribeDigest(schedule, zone);

        static string Again() => $"The form is {SubscriptionCommand.DigestForm}.";
    }

    /// <summary>"checkout-api severity critical": the filter a channel's "subscribe here" takes, for exactly one service.</summary>
    private static SubscriptionCommand Service(string[] args)
    {
        var parsed = ChannelFilterText.Parse(["service", .. args]);
        return parsed.Filter switch
        {
            null => new SubscriptionCommand.Bad($"{parsed.Problem} The form is {SubscriptionCommand.ServiceForm}."),
            { Services: [var service] } filter => new SubscriptionCommand.SubscribeService(new ServiceWatch(service, filter.MinSeverity)),
            _ => new SubscriptionCommand.Bad($"A personal ping follows one service: subscribe once for each. The form is {SubscriptionCommand.ServiceForm}."),
        };
    }

    private static bool Is(string word, string keyword) => word.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\S+")]
    private static partial Regex Words();

    [GeneratedRegex(@"^\d{1,2}:\d{2}$")]
    private static partial Regex TimeOfDay();

    // "25:00", "9am", "0900": meant as a time, but not in the form we take.
    [GeneratedRegex(@"^\d{1,4}(?::\d*)?(?:am|pm)?$", RegexOptions.IgnoreCase)]
    private static partial Regex LooksLikeTime();
}

using System.Text.Json.Serialization;
using EndpointStats.RateLimiting.Rules;

namespace EndpointStats.RateLimiting.Api;

/// <summary><c>/api/ratelimit/limits</c>: the seed's per-minute figures by path plus the full rules in force.</summary>
public sealed record LimitsResponse(
    [property: JsonPropertyName("rate_limits")] IReadOnlyDictionary<string, long> RateLimits,
    [property: JsonPropertyName("shadow_mode")] bool ShadowMode,
    [property: JsonPropertyName("rules")] IReadOnlyList<RuleView> Rules,
    [property: JsonPropertyName("default")] RuleView Default,
    [property: JsonPropertyName("unlimited")] IReadOnlyList<string> Unlimited)
{
    public static LimitsResponse From(RuleSet set)
    {
        var perMinute = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var rule in set.Rules)
        {
            perMinute.TryAdd(rule.Path!.Text, rule.PerMinute);
        }

        perMinute["default"] = set.Default.PerMinute;
        return new LimitsResponse(perMinute, set.ShadowMode, [.. set.Rules.Select(RuleView.From)], RuleView.From(set.Default), set.Document.Unlimited ?? []);
    }
}

public sealed record RuleView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("route")] string? Route,
    [property: JsonPropertyName("path_prefix")] string? PathPrefix,
    [property: JsonPropertyName("methods")] IReadOnlyList<string> Methods,
    [property: JsonPropertyName("failure_mode")] string FailureMode,
    [property: JsonPropertyName("shadow")] bool Shadow,
    [property: JsonPropertyName("cost")] long Cost,
    [property: JsonPropertyName("unlimited")] IReadOnlyList<string> Unlimited,
    [property: JsonPropertyName("limits")] IReadOnlyList<LimitView> Limits)
{
    public static RuleView From(Rule rule) => new(
        rule.Name,
        rule.Source.Route,
        rule.Source.PathPrefix,
        rule.Methods,
        rule.FailureMode == Engine.FailureMode.Open ? "open" : "closed",
        rule.Shadow,
        rule.Cost,
        rule.Source.Unlimited ?? [],
        [.. rule.Limits.Select(l => new LimitView(l.Limit.Name, l.KeyText, l.Limit.Permitted, Periods.Format(l.Limit.Period), (long)l.Limit.Period.TotalSeconds, l.Limit.Burst))]);
}

public sealed record LimitView(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("permitted")] long Permitted,
    [property: JsonPropertyName("period")] string Period,
    [property: JsonPropertyName("period_seconds")] long PeriodSeconds,
    [property: JsonPropertyName("burst")] long Burst);

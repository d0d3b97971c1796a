using EndpointStats.RateLimiting.Engine;
using EndpointStats.RateLimiting.Rules;

namespace EndpointStats.RateLimiting.Tests.Rules;

public sealed class RuleCompilerTests
{
    private static RuleSet Compile(params RulesDocument?[] documents)
    {
        var set = RuleCompiler.Compile(RuleCompiler.Merge([BuiltInRules.Document, .. documents]), out var errors);
        Assert.Empty(errors);
        return set!;
    }

    private static RuleConfig Rule(string name, string? route = null, string? prefix = null, params string[] methods) => new()
    {
        Name = name,
        Route = route,
        PathPrefix = prefix,
        Methods = [.. methods],
        Limits = [new LimitConfig { Permitted = 10, Period = "1m" }],
    };

    [Theory]
    [InlineData("GET", "/", "root")]
    [InlineData("GET", "/stats", "stats")]
    [InlineData("GET", "/stats/", "stats")]
    [InlineData("GET", "/metrics", "metrics")]
    [InlineData("GET", "/anything/else", "default")]
    public void Match_BuiltInDefaults_FollowTheSeed(string method, string path, string expected)
    {
        var set = Compile(RulesDocument());

        Assert.Equal(expected, set.Match(method, path, null).Name);
        Assert.Equal("\"default\";q=120;w=60", set.Default.PolicyHeader);
    }

    [Theory]
    [InlineData("POST", "/api/images/42", "upload-one")]
    [InlineData("GET", "/api/images/42", "images-by-id")]
    [InlineData("GET", "/api/images", "images")]
    [InlineData("GET", "/api/imagesX", "api")]
    [InlineData("GET", "/api/other", "api")]
    [InlineData("GET", "/API/IMAGES/7", "images-by-id")]
    public void Match_SeveralRules_MostSpecificWins(string method, string path, string expected)
    {
        var set = Compile(RulesDocument(), new RulesDocument
        {
            Rules =
            [
                Rule("api", prefix: "/api"),
                Rule("images", prefix: "/api/images"),
                Rule("images-by-id", route: "/api/images/{id}"),
                Rule("upload-one", "/api/images/{id}", null, "post"),
            ],
        });

        Assert.Equal(expected, set.Match(method, path, null).Name);
    }

    [Fact]
    public void Match_RouteTemplate_MatchesEndpointTemplateOrPathSegments()
    {
        var set = Compile(new RulesDocument { Rules = [Rule("by-template", route: "/api/users/{id:int}")] });

        Assert.Equal("by-template", set.Match("GET", "/api/users/12", "/api/users/{id:int}").Name);
        Assert.Equal("by-template", set.Match("GET", "/api/users/12", null).Name);
        Assert.Equal("default", set.Match("GET", "/api/users/12/extra", null).Name);
    }

    [Fact]
    public void Merge_LaterSources_ReplaceByNameOrSameMatchAndCanDisable()
    {
        var set = Compile(
            RulesDocument(),
            new RulesDocument { Rules = [Rule("home", route: "/"), new RuleConfig { Name = "stats", Enabled = false }] });

        Assert.Equal("home", set.Match("GET", "/", null).Name);
        Assert.Equal("default", set.Match("GET", "/stats", null).Name);
        Assert.DoesNotContain(set.Rules, r => r.Name == "root");
    }

    [Fact]
    public void Compile_SeveralLimits_NamesCountersPerRuleAndListsEveryPolicy()
    {
        var set = Compile(new RulesDocument
        {
            Rules =
            [
                new RuleConfig
                {
                    Name = "api",
                    PathPrefix = "/api",
                    FailureMode = "closed",
                    Limits =
                    [
                        new LimitConfig { Name = "burst", Permitted = 20, Period = "1s", Key = "ip" },
                        new LimitConfig { Permitted = 1000, Period = "1h", Key = "user" },
                        new LimitConfig { Permitted = 5000, Period = "1m", Key = "route" },
                    ],
                },
            ],
        });
        var rule = set.Rules.Single(r => r.Name == "api");

        Assert.Equal(["api.burst", "api.user", "api.route"], rule.Limits.Select(l => l.Limit.Name));
        Assert.Equal("\"api.burst\";q=20;w=1, \"api.user\";q=1000;w=3600, \"api.route\";q=5000;w=60", rule.PolicyHeader);
        Assert.Equal(FailureMode.Closed, rule.FailureMode);
        Assert.Equal(17, rule.PerMinute);
    }

    [Fact]
    public void Compile_ManyProblems_ReportsEachWithItsPlace()
    {
        var document = new RulesDocument
        {
            Rules = [Rule("dup", route: "/a"), Rule("dup", route: "/b"), Rule("bad route", route: "no-slash")],
            Unlimited = ["10.0.0.0/33"],
        };

        RuleCompiler.Compile(document, out var errors);

        Assert.Contains(errors, e => e.StartsWith("Rules[1] 'dup'", StringComparison.Ordinal) && e.Contains("used by another rule", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Rules[2] 'bad route'", StringComparison.Ordinal) && e.Contains("Name is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'no-slash' must start with '/'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Unlimited: '10.0.0.0/33'", StringComparison.Ordinal));
    }

    private static RulesDocument RulesDocument() => BuiltInRules.Document;
}

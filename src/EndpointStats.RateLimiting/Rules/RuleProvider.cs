using EndpointStats.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EndpointStats.RateLimiting.Rules;

/// <summary>
/// The rules in force: built-in defaults, then the <c>RateLimiting</c> section, then the rules file. The section reloads with
/// configuration; the file is polled (robust to a ConfigMap's symlink swap, unlike file-system events). An invalid change is
/// rejected with a logged error and a metric, and the previous rules stay; invalid rules at start stop start-up.
/// </summary>
public sealed partial class RuleProvider : IDisposable
{
    private readonly IConfigurationSection _section;
    private readonly RateLimitingOptions _options;
    private readonly RateLimitingMetrics _metrics;
    private readonly ILogger<RuleProvider> _logger;
    private readonly IDisposable _sectionWatch;
    private readonly ITimer? _fileTimer;
    private readonly Lock _reloadLock = new();
    private RuleSet _current;
    private string? _fileText;
    private string? _rejectedText;

    public RuleProvider(IConfiguration configuration, IOptions<RateLimitingOptions> options, RateLimitingMetrics metrics, ILogger<RuleProvider> logger, TimeProvider time)
    {
        _section = configuration.GetSection(RateLimitingOptions.Section);
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        if (_options.RulesFile is { } path)
        {
            _fileText = RulesFile.TryRead(path, out var readError) ?? throw new InvalidConfigurationException("RateLimiting:RulesFile", readError!);
        }

        _current = Build(_fileText, out var errors) ?? throw new InvalidConfigurationException(
            _options.RulesFile is null ? RateLimitingOptions.Section : "RateLimiting:RulesFile", string.Join(" ", errors));
        RateLimitingLog.RulesLoaded(logger, "start", _current.Rules.Count + 1);
        _sectionWatch = ChangeToken.OnChange(_section.GetReloadToken, () => Reload("configuration", _fileText));
        if (_options.RulesFile is not null)
        {
            var every = TimeSpan.FromSeconds(_options.RulesFilePollSeconds);
            _fileTimer = time.CreateTimer(static state => ((RuleProvider)state!).PollFile(), this, every, every);
        }
    }

    public RuleSet Current => Volatile.Read(ref _current);

    public void Dispose()
    {
        _sectionWatch.Dispose();
        _fileTimer?.Dispose();
    }

    /// <summary>Checks the rules file now (the timer does this every <c>RulesFilePollSeconds</c>).</summary>
    public void PollFile()
    {
        var path = _options.RulesFile!;
        var text = RulesFile.TryRead(path, out var readError);
        if (text is null)
        {
            lock (_reloadLock)
            {
                Reject(path, [readError!], readError);
            }

            return;
        }

        if (!string.Equals(text, _fileText, StringComparison.Ordinal))
        {
            Reload(path, text);
        }
    }

    private void Reload(string source, string? fileText)
    {
        lock (_reloadLock)
        {
            var rules = Build(fileText, out var errors);
            if (rules is null)
            {
                Reject(source, errors, fileText);
                return;
            }

            _fileText = fileText;
            _rejectedText = null;
            Volatile.Write(ref _current, rules);
            _metrics.Reload("applied");
            RateLimitingLog.RulesLoaded(_logger, source, rules.Rules.Count + 1);
        }
    }

    /// <summary>Called under the reload lock; <paramref name="what"/> identifies the bad content or read error.</summary>
    private void Reject(string source, IReadOnlyList<string> errors, string? what)
    {
        // The same bad file (or the same read error) is reported once, not on every poll.
        if (what is not null && string.Equals(what, _rejectedText, StringComparison.Ordinal))
        {
            return;
        }

        _rejectedText = what;
        _metrics.Reload("rejected");
        RateLimitingLog.RulesRejected(_logger, source, string.Join(" ", errors));
    }
}

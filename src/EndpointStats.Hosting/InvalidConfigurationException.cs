namespace EndpointStats.Hosting;

/// <summary>A setting that stops start-up; the message names the setting and what is wrong with it.</summary>
public sealed class InvalidConfigurationException(string setting, string problem)
    : Exception($"Invalid configuration '{setting}': {problem}")
{
    public string Setting { get; } = setting;
}

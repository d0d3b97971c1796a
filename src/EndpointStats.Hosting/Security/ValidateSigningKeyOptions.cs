using Microsoft.Extensions.Options;

namespace EndpointStats.Hosting.Security;

/// <summary>Loads the configured keys once at start, so a bad key or unreadable key file stops start-up naming the setting.</summary>
internal sealed class ValidateSigningKeyOptions : IValidateOptions<SigningKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, SigningKeyOptions options)
    {
        try
        {
            PlatformKeyRing.Load(options, Path.GetTempPath(), createIfMissing: false);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidConfigurationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}

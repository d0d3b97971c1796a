using System.Net;

namespace EndpointStats.RateLimiting.Rules;

/// <summary>Clients exempt from limits: IPs and CIDR ranges, <c>user:ID</c> and <c>key:API-KEY</c> entries.</summary>
public sealed class ClientSet
{
    private readonly IPNetwork[] _networks;
    private readonly HashSet<string> _users;
    private readonly HashSet<string> _apiKeys;

    private ClientSet(IPNetwork[] networks, HashSet<string> users, HashSet<string> apiKeys)
    {
        _networks = networks;
        _users = users;
        _apiKeys = apiKeys;
    }

    public static ClientSet Empty { get; } = new([], [], []);

    public bool IsEmpty => _networks.Length == 0 && _users.Count == 0 && _apiKeys.Count == 0;

    /// <summary>Parses the entries; returns the ones that are not valid.</summary>
    public static ClientSet Parse(IEnumerable<string> entries, out List<string> invalid)
    {
        var networks = new List<IPNetwork>();
        var users = new HashSet<string>(StringComparer.Ordinal);
        var apiKeys = new HashSet<string>(StringComparer.Ordinal);
        invalid = [];
        foreach (var entry in entries)
        {
            if (entry.StartsWith("user:", StringComparison.Ordinal) && entry.Length > 5)
            {
                users.Add(entry[5..]);
            }
            else if (entry.StartsWith("key:", StringComparison.Ordinal) && entry.Length > 4)
            {
                apiKeys.Add(entry[4..]);
            }
            else if (TryParseNetwork(entry, out var network))
            {
                networks.Add(network);
            }
            else
            {
                invalid.Add(entry);
            }
        }

        return networks.Count == 0 && users.Count == 0 && apiKeys.Count == 0 ? Empty : new ClientSet([.. networks], users, apiKeys);
    }

    public static bool TryParseNetwork(string text, out IPNetwork network)
    {
        if (IPAddress.TryParse(text, out var address))
        {
            address = Normalize(address);
            network = new IPNetwork(address, address.GetAddressBytes().Length * 8);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }

    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    public bool Contains(IPAddress? ip, string? user, string? apiKey)
    {
        if (IsEmpty)
        {
            return false;
        }

        if (user is not null && _users.Contains(user))
        {
            return true;
        }

        if (apiKey is not null && _apiKeys.Contains(apiKey))
        {
            return true;
        }

        if (ip is not null)
        {
            foreach (var network in _networks)
            {
                if (network.Contains(ip))
                {
                    return true;
                }
            }
        }

        return false;
    }
}

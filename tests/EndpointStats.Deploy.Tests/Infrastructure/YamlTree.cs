using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace EndpointStats.Deploy.Tests.Infrastructure;

/// <summary>YAML → JSON nodes, keeping plain scalars' types (numbers, booleans) so trees compare like the API server would.</summary>
internal static class YamlTree
{
    public static IEnumerable<JsonNode?> LoadAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => Convert(d.RootNode));
    }

    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => Mapping(map),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    /// <summary>A mapping with YAML merge keys (<c>&lt;&lt;: *anchor</c>) resolved: explicit keys win over merged ones.</summary>
    private static JsonObject Mapping(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            if (name != "<<")
            {
                result[name] = Convert(value);
            }
        }

        var merged = map.Children.Where(p => ((YamlScalarNode)p.Key).Value == "<<").Select(p => p.Value)
            .SelectMany(v => v is YamlSequenceNode list ? list.Children : [v]).OfType<YamlMappingNode>();
        foreach (var source in merged)
        {
            foreach (var (name, value) in Mapping(source))
            {
                if (!result.ContainsKey(name))
                {
                    result[name] = value?.DeepClone();
                }
            }
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" => null,
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
    }
}

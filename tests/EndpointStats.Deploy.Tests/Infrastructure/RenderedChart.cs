using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;

namespace EndpointStats.Deploy.Tests.Infrastructure;

/// <summary>The objects of one <c>helm template</c> run, each deserialised strictly into its Kubernetes model.</summary>
internal sealed partial class RenderedChart(IReadOnlyList<Manifest> objects)
{
    public IReadOnlyList<Manifest> Objects { get; } = objects;

    public IEnumerable<Manifest> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public IEnumerable<T> All<T>() => Objects.Select(o => o.Model).OfType<T>();

    public T Get<T>(string name) where T : IMetadata<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name) ?? throw new InvalidOperationException($"no {typeof(T).Name} named {name}");

    public static string Name(string component) => $"{Helm.Release}-endpoint-stats-{component}";

    /// <summary>Every pod the chart can start: Deployments, StatefulSets, Jobs and CronJobs.</summary>
    public IEnumerable<PodTemplate> PodTemplates =>
        All<V1Deployment>().Select(d => new PodTemplate("Deployment", d.Metadata.Name, d.Spec.Template))
            .Concat(All<V1StatefulSet>().Select(s => new PodTemplate("StatefulSet", s.Metadata.Name, s.Spec.Template)))
            .Concat(All<V1Job>().Select(j => new PodTemplate("Job", j.Metadata.Name, j.Spec.Template)))
            .Concat(All<V1CronJob>().Select(c => new PodTemplate("CronJob", c.Metadata.Name, c.Spec.JobTemplate.Spec.Template)));

    public static RenderedChart Parse(string output)
    {
        var objects = new List<Manifest>();
        foreach (var chunk in DocumentSeparator().Split(output))
        {
            var tree = YamlTree.LoadAll(chunk).SingleOrDefault() as JsonObject;
            if (tree is null)
            {
                continue;
            }

            var apiVersion = tree["apiVersion"]?.ToString() ?? throw new InvalidOperationException("object without apiVersion:\n" + chunk);
            var kind = tree["kind"]?.ToString() ?? throw new InvalidOperationException("object without kind:\n" + chunk);
            var name = tree["metadata"]?["name"]?.ToString() ?? throw new InvalidOperationException("object without name:\n" + chunk);
            var source = SourceLine().Match(chunk) is { Success: true } m ? m.Groups[1].Value : "?";
            objects.Add(new Manifest(apiVersion, kind, name, source, chunk, tree, Model(apiVersion, kind, chunk)));
        }

        return new RenderedChart(objects);
    }

    private static object? Model(string apiVersion, string kind, string yaml)
    {
        var key = $"{apiVersion}/{kind}";
        if (!KindModels.Core.TryGetValue(key, out var type))
        {
            return null;
        }

        // strict: an unknown or misspelt field throws, as kubectl's server-side field validation would.
        return KubernetesYaml.LoadAllFromString(yaml, new Dictionary<string, Type> { [key] = type }, strict: true).Single();
    }

    [GeneratedRegex(@"^---\s*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"^# Source: (.+)$", RegexOptions.Multiline)]
    private static partial Regex SourceLine();
}

internal sealed record PodTemplate(string OwnerKind, string OwnerName, V1PodTemplateSpec Template)
{
    public V1PodSpec Spec => Template.Spec;

    public IDictionary<string, string> Labels => Template.Metadata?.Labels ?? new Dictionary<string, string>();

    public IEnumerable<V1Container> AllContainers => (Spec.InitContainers ?? []).Concat(Spec.Containers);

    public string Id => $"{OwnerKind}/{OwnerName}";
}

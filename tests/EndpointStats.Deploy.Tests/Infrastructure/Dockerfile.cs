namespace EndpointStats.Deploy.Tests.Infrastructure;

/// <summary>deploy/Dockerfile as a list of instructions (continuations joined, comments dropped), grouped by stage.</summary>
internal sealed record DockerInstruction(int Stage, string Keyword, string Arguments);

internal static class Dockerfile
{
    public static IReadOnlyList<DockerInstruction> Instructions { get; } = Parse(Repo.Read("deploy", "Dockerfile"));

    public static IEnumerable<DockerInstruction> Final => Instructions.Where(i => i.Stage == Instructions.Max(x => x.Stage));

    public static IReadOnlyList<DockerInstruction> Parse(string text)
    {
        var result = new List<DockerInstruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var full = (pending + line).Trim();
            pending = "";
            var space = full.IndexOf(' ', StringComparison.Ordinal);
            var keyword = full[..space].ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            result.Add(new DockerInstruction(stage, keyword, full[(space + 1)..].Trim()));
        }

        return result;
    }
}

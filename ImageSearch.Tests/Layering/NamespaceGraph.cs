using System.Text;
using Mono.Cecil;

namespace ImageSearch.Tests.Layering;

/// <summary>
/// The dependencies between the namespaces (folders) of one assembly under a root namespace, read from the compiled
/// types (<see cref="TypeReferences"/>). An edge A → B means a type of A refers to a type of B; its weight is the number
/// of distinct (type of A, type of B) pairs. Also lists the other assemblies the types refer to.
/// </summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<string, Dictionary<string, HashSet<(string From, string To)>>> _edges;

    private NamespaceGraph(
        IReadOnlySet<string> nodes, Dictionary<string, Dictionary<string, HashSet<(string, string)>>> edges, IReadOnlySet<string> assemblies)
    {
        Nodes = nodes;
        _edges = edges;
        ReferencedAssemblies = assemblies;
    }

    /// <summary>Namespaces relative to the root ("Models.Clip"); the root namespace itself is "(root)".</summary>
    public IReadOnlySet<string> Nodes { get; }

    /// <summary>Names of the other assemblies the assembly references (by metadata or through a type it uses).</summary>
    public IReadOnlySet<string> ReferencedAssemblies { get; }

    public static NamespaceGraph Load(string assemblyPath, string rootNamespace)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var nodes = new SortedSet<string>(StringComparer.Ordinal);
        var edges = new Dictionary<string, Dictionary<string, HashSet<(string, string)>>>(StringComparer.Ordinal);
        var assemblies = new SortedSet<string>(module.AssemblyReferences.Select(a => a.Name), StringComparer.Ordinal);
        foreach (var type in module.Types.Where(t => Folder(t.Namespace, rootNamespace) is not null))
        {
            var from = Folder(type.Namespace, rootNamespace)!;
            nodes.Add(from);
            foreach (var reference in TypeReferences.Of(type))
            {
                if (reference.Scope is AssemblyNameReference assembly && assembly.Name != module.Assembly.Name.Name)
                {
                    assemblies.Add(assembly.Name);
                    continue;
                }

                var target = Outermost(reference);
                if (Folder(target.Namespace, rootNamespace) is { } to && to != from)
                {
                    var targets = edges.TryGetValue(from, out var existing) ? existing : edges[from] = new(StringComparer.Ordinal);
                    (targets.TryGetValue(to, out var pairs) ? pairs : targets[to] = []).Add((type.FullName, target.FullName));
                }
            }
        }

        return new NamespaceGraph(nodes, edges, assemblies);
    }

    /// <summary>The folders <paramref name="node"/> uses, with the number of type pairs behind each edge.</summary>
    public IReadOnlyDictionary<string, int> Uses(string node) =>
        _edges.TryGetValue(node, out var targets) ? targets.ToDictionary(t => t.Key, t => t.Value.Count) : [];

    /// <summary>The type pairs behind the edge <paramref name="from"/> → <paramref name="to"/>.</summary>
    public IReadOnlyList<(string From, string To)> Why(string from, string to) =>
        _edges.TryGetValue(from, out var targets) && targets.TryGetValue(to, out var pairs) ? [.. pairs.Order()] : [];

    /// <summary>Pairs of folders that use each other directly (A → B and B → A), each pair once.</summary>
    public IReadOnlyList<(string A, string B)> MutualPairs() =>
        [.. Nodes.SelectMany(a => Uses(a).Keys.Where(b => string.CompareOrdinal(a, b) < 0 && Uses(b).ContainsKey(a)).Select(b => (a, b)))];

    /// <summary>Strongly connected components of more than one folder (Tarjan): each is a knot of mutually dependent folders.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles() => new Tarjan(this).Run().Where(c => c.Count > 1).ToList();

    /// <summary>Level of each folder in an acyclic graph: 0 uses no other folder, otherwise 1 + the highest level it uses.</summary>
    public IReadOnlyDictionary<string, int> Levels()
    {
        var levels = new Dictionary<string, int>(StringComparer.Ordinal);
        int Level(string node, HashSet<string> path)
        {
            if (levels.TryGetValue(node, out var known))
            {
                return known;
            }

            if (!path.Add(node))
            {
                throw new InvalidOperationException($"Levels need an acyclic graph; {node} is on a cycle.");
            }

            var level = Uses(node).Keys.Select(next => Level(next, path) + 1).DefaultIfEmpty(0).Max();
            path.Remove(node);
            return levels[node] = level;
        }

        foreach (var node in Nodes)
        {
            Level(node, []);
        }

        return levels;
    }

    /// <summary>The graph as text, top level first: "L3  Search → Catalog, Ranking, Sessions".</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var cycles = Cycles();
        if (cycles.Count > 0)
        {
            text.AppendLine($"{cycles.Count} cycle(s); largest has {cycles.Max(c => c.Count)} folders:");
            cycles.ToList().ForEach(c => text.AppendLine("  " + string.Join(", ", c)));
            text.AppendLine($"{MutualPairs().Count} folder pairs use each other: "
                + string.Join(", ", MutualPairs().Select(p => $"{p.A}<->{p.B}")));
        }

        var levels = cycles.Count == 0 ? Levels() : Nodes.ToDictionary(n => n, _ => 0);
        foreach (var node in Nodes.OrderByDescending(n => levels[n]).ThenBy(n => n, StringComparer.Ordinal))
        {
            var uses = Uses(node).OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => u.Key);
            text.AppendLine($"L{levels[node]}  {node,-18} -> {string.Join(", ", uses)}");
        }

        return text.ToString();
    }

    /// <summary>The folder of a namespace under the root, or null when it is outside the root (compiler-generated helpers).</summary>
    private static string? Folder(string ns, string root) =>
        ns == root ? "(root)" : ns.StartsWith(root + ".", StringComparison.Ordinal) ? ns[(root.Length + 1)..] : null;

    /// <summary>Nested types belong to their outermost declaring type (whose namespace they share).</summary>
    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private sealed class Tarjan(NamespaceGraph graph)
    {
        private readonly Dictionary<string, (int Index, int Low)> _visited = new(StringComparer.Ordinal);
        private readonly Stack<string> _stack = new();
        private readonly HashSet<string> _onStack = new(StringComparer.Ordinal);
        private readonly List<IReadOnlyList<string>> _components = [];

        public List<IReadOnlyList<string>> Run()
        {
            foreach (var node in graph.Nodes.Where(n => !_visited.ContainsKey(n)))
            {
                Visit(node);
            }

            return _components;
        }

        private void Visit(string node)
        {
            _visited[node] = (_visited.Count, _visited.Count);
            _stack.Push(node);
            _onStack.Add(node);
            foreach (var next in graph.Uses(node).Keys)
            {
                if (!_visited.ContainsKey(next))
                {
                    Visit(next);
                    _visited[node] = (_visited[node].Index, Math.Min(_visited[node].Low, _visited[next].Low));
                }
                else if (_onStack.Contains(next))
                {
                    _visited[node] = (_visited[node].Index, Math.Min(_visited[node].Low, _visited[next].Index));
                }
            }

            if (_visited[node].Low == _visited[node].Index)
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = _stack.Pop();
                    _onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                component.Sort(StringComparer.Ordinal);
                _components.Add(component);
            }
        }
    }
}

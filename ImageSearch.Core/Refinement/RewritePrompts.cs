namespace ImageSearch.Core.Refinement;

/// <summary>
/// The few-shot prompts the query rewriter continues (a small causal model follows a pattern better than an instruction).
/// Each ends with a label and a colon; the model's answer is the rest of that line. Fixed templates keep output
/// deterministic (greedy decoding, no sampling); variations come from different templates.
/// </summary>
public static class RewritePrompts
{
    /// <summary>Longest user text put into a prompt, in characters (bounds the prompt to well under the model's context).</summary>
    public const int MaxInputLength = 200;

    /// <summary>Labels of the templates: an answer containing one repeats the prompt instead of answering.</summary>
    public static IReadOnlyList<string> Labels { get; } =
        ["query:", "feedback:", "image:", "image search:", "more specific:", "in other words:", "rewrite an image search"];

    /// <summary>The example answers: a weak model may copy them instead of answering.</summary>
    public static IReadOnlyList<string> ExampleAnswers { get; } =
    [
        "blue sports car without people", "dog running on a sandy beach", "a puppy playing by the sea",
        "a red vintage car parked on a street", "a small cat sleeping on a couch",
    ];

    /// <summary>Variation templates, in the order they are used.</summary>
    public static IReadOnlyList<Func<string, string>> Variations { get; } =
    [
        query => $"Image search: a dog on a beach\nSimilar image search: a puppy playing by the sea\nImage search: {Clean(query)}\nSimilar image search:",
        query => $"Image search: old cars\nMore specific: a red vintage car parked on a street\nImage search: {Clean(query)}\nMore specific:",
        query => $"Image search: a kitten asleep on a sofa\nIn other words: a small cat sleeping on a couch\nImage search: {Clean(query)}\nIn other words:",
    ];

    public static string Feedback(string query, string feedback) =>
        "Rewrite an image search query to follow the feedback.\n"
        + "Query: red sports car\nFeedback: make it blue and remove the people\nNew query: blue sports car without people\n"
        + $"Query: {Clean(query)}\nFeedback: {Clean(feedback)}\nNew query:";

    public static string Caption(string query, string caption) =>
        "Rewrite an image search query to match an example image.\n"
        + "Query: beach\nImage: a dog running on the sand\nNew query: dog running on a sandy beach\n"
        + $"Query: {Clean(query)}\nImage: {Clean(caption)}\nNew query:";

    /// <summary>One line, trimmed, at most <see cref="MaxInputLength"/> characters.</summary>
    private static string Clean(string text)
    {
        var line = string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= MaxInputLength ? line : line[..MaxInputLength];
    }
}

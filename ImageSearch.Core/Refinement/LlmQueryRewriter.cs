using System.Diagnostics;
using ImageSearch.Core.Embeddings;
using ImageSearch.Core.Models;
using ImageSearch.Core.Models.Generation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSearch.Core.Refinement;

/// <summary>
/// Rewrites queries with the downloaded distilgpt2 (merged decoder with key/value cache): feedback into a rewritten query
/// plus variations, a query into variations, a query and a caption into one query. Greedy, deterministic, one line each
/// (see <see cref="RewritePrompts"/>), sanitised by <see cref="RewriteSanitizer"/>. Wraps the rule-based refiner, whose
/// answer is used whenever the model is absent, fails, writes junk or passes <see cref="QueryRewriterOptions.DeadlineMilliseconds"/>.
/// </summary>
public sealed partial class LlmQueryRewriter : IQueryRefiner, IDisposable
{
    public const string ModelId = "distilgpt2";
    public const string DecoderFile = "onnx/decoder_model_merged.onnx";

    /// <summary>GPT-2's "\n" and "\n\n": an answer is one line.</summary>
    private static readonly IReadOnlySet<int> LineEnds = new HashSet<int> { 198, 628 };

    private readonly RuleBasedRefiner _rules;
    private readonly QueryRewriterOptions _options;
    private readonly ILogger<LlmQueryRewriter> _logger;
    private readonly TimeProvider _time;
    private readonly LazyModel<OnnxDecoder> _model;

    public LlmQueryRewriter(
        RuleBasedRefiner rules, IOptions<QueryRewriterOptions> options, ILogger<LlmQueryRewriter> logger, TimeProvider time)
    {
        _rules = rules;
        _options = options.Value;
        _logger = logger;
        _time = time;
        _model = new LazyModel<OnnxDecoder>(ModelFiles.InFolder(ModelId, _options.ModelDirectory, [DecoderFile], downloaded: true), Load);
    }

    public string Name => ModelId;

    public int Priority => 10;

    public bool RewritesQueries => true;

    public ModelStatus Status => _model.TryGet(out var decoder, out _)
        ? ModelStatus.Available($"{ModelId} ({(decoder.HasCache ? "key/value cache" : "no key/value cache")}); "
            + $"the rule-based refiner answers past {_options.DeadlineMilliseconds} ms or on junk")
        : _model.Status with { Detail = $"{_model.Status.Detail}; the rule-based refiner answers instead" };

    public async Task<FeedbackTerms> ParseFeedbackAsync(string currentQuery, string feedback, CancellationToken cancellationToken)
    {
        var rules = await _rules.ParseFeedbackAsync(currentQuery, feedback, cancellationToken);
        var rewrite = Attempt("feedback", (decoder, token) =>
        {
            var query = Complete(decoder, RewritePrompts.Feedback(currentQuery, feedback), [currentQuery], token);
            return query is null ? null : new Rewrite(query, Variations(decoder, query, _options.VariationCount, token, cancellationToken));
        }, cancellationToken);
        return rewrite is null ? rules : rules with { Source = ModelId, RewrittenQuery = rewrite.Query, Variations = rewrite.Variations };
    }

    public async Task<IReadOnlyList<string>> VaryAsync(string query, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        var variations = Attempt("variations", (decoder, token) => Variations(decoder, query, count, token, cancellationToken), cancellationToken);
        return variations is { Count: > 0 } ? variations : await _rules.VaryAsync(query, count, cancellationToken);
    }

    /// <summary>One query from a query and the caption of an example image; null when the model cannot answer in time or sensibly.</summary>
    public Task<string?> CombineWithCaptionAsync(string query, string caption, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(Attempt("caption", (decoder, token) =>
                Complete(decoder, RewritePrompts.Caption(query, caption), [query, caption], token), cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<string?>(cancellationToken);
        }
    }

    public void Dispose() => _model.Dispose();

    /// <summary>Runs <paramref name="work"/> under the deadline; null (fall back) when the model is absent, fails or is late.</summary>
    private T? Attempt<T>(string task, Func<OnnxDecoder, CancellationToken, T?> work, CancellationToken cancellationToken)
        where T : class
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_model.TryGet(out var decoder, out _))
        {
            return null;
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(_options.DeadlineMilliseconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = _time.GetTimestamp();
        try
        {
            var result = work(decoder, linked.Token);
            LogAnswered(task, result is not null, _time.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogDeadline(task, _options.DeadlineMilliseconds);
            return null;
        }
        catch (Exception e) when (e is ModelUnavailableException or InvalidDataException)
        {
            LogFailed(task, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Variations from the templates in order, skipping junk. At the deadline the ones found so far are returned (a
    /// feedback rewrite keeps its rewritten query; <see cref="VaryAsync"/> falls back to the rules when none was found).
    /// </summary>
    private List<string> Variations(OnnxDecoder decoder, string query, int count, CancellationToken token, CancellationToken caller)
    {
        var found = new List<string>(count);
        foreach (var template in RewritePrompts.Variations)
        {
            if (found.Count == count)
            {
                break;
            }

            try
            {
                if (Complete(decoder, template(query), [query, .. found], token) is { } variation)
                {
                    found.Add(variation);
                }
            }
            catch (OperationCanceledException) when (!caller.IsCancellationRequested)
            {
                LogPartial(found.Count, _options.DeadlineMilliseconds);
                break;
            }
        }

        return found;
    }

    private string? Complete(OnnxDecoder decoder, string prompt, IEnumerable<string> notEqualTo, CancellationToken token)
    {
        var options = new GenerationOptions
        {
            MaxNewTokens = _options.MaxNewTokens,
            EosTokenId = Gpt2Tokenizer.EndOfText,
            StopTokenIds = LineEnds,
            NoRepeatNgramSize = 3,
            RepetitionPenalty = 1.2f,
        };
        var result = GreedySearch.Run(decoder.Start(encoder: null), Gpt2Tokenizer.Encode(prompt), options, token);
        var sanitized = RewriteSanitizer.Sanitize(Gpt2Tokenizer.Decode(result.Best.Tokens), notEqualTo);
        if (sanitized.Text is null)
        {
            LogRejected(sanitized.Rejection!);
        }

        return sanitized.Text;
    }

    private OnnxDecoder Load()
    {
        var started = Stopwatch.GetTimestamp();
        var path = Path.Combine(ModelFiles.ResolveFolder(_options.ModelDirectory), DecoderFile);
        var decoder = OnnxDecoder.Open(ModelId, path, Gpt2Tokenizer.VocabularySize, _options.IntraOpNumThreads);
        if (decoder.TakesEncoderStates)
        {
            decoder.Dispose();
            throw new ModelUnavailableException(ModelId, path, "it is an encoder-decoder's decoder, not a causal language model");
        }

        LogLoaded(ModelId, _options.ModelDirectory, Stopwatch.GetElapsedTime(started).TotalMilliseconds, decoder.HasCache);
        return decoder;
    }

    private sealed record Rewrite(string Query, IReadOnlyList<string> Variations);
}

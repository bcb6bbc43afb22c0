namespace ImageSearch.Core.Models.Clip;

/// <summary>
/// Token ids of several texts as one row-major [<see cref="BatchSize"/>, <see cref="SequenceLength"/>] int64 block for the
/// text model, padded to the longest text with <see cref="ClipTokenizer.PadTokenId"/>; <see cref="AttentionMask"/> is 1 on
/// real tokens and 0 on padding, for exports that declare an <c>attention_mask</c> input.
/// </summary>
public sealed record ClipTokenBatch(long[] InputIds, long[] AttentionMask, int BatchSize, int SequenceLength);

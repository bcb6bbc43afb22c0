namespace ImageSearch.Core.Captioning;

/// <summary>A one-sentence description of an image and the model (or method) that wrote it.</summary>
public sealed record Caption(string Text, string ModelId);

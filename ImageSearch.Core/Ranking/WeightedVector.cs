using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Ranking;

/// <summary>One component of a composite query: a unit vector in some model's space and its (signed) weight.</summary>
public sealed record WeightedVector(Embedding Vector, float Weight, string Role);

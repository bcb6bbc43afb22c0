using ImageSearch.Core.Embeddings;

namespace ImageSearch.Core.Models.Clip;

/// <summary>Identity of the CLIP tier. Text and image embeddings share the id, so only CLIP vectors are compared with each other.</summary>
public static class ClipModel
{
    public const string Id = "clip-vit-base-patch32";

    public const string Tier = "clip";

    /// <summary>Width of <c>text_embeds</c> and <c>image_embeds</c> (the joint embedding space of ViT-B/32).</summary>
    public const int EmbeddingDimensions = 512;

    public static ModelInfo Info { get; } =
        new(Id, Tier, "Xenova/clip-vit-base-patch32 (ONNX export of openai/clip-vit-base-patch32, MIT)");
}

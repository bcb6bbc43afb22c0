namespace ImageSearch.Core.Models;

/// <summary>
/// Section "Models": in Azure the real-model tier's ONNX files live in a blob container of the app's storage account
/// (filled once by scripts/download-models.sh + az storage blob upload-batch) and are copied to local disk at start.
/// </summary>
public sealed class ModelSyncOptions
{
    public const string SectionName = "Models";

    /// <summary>Container to copy from; empty (the local default) switches the copy off.</summary>
    public string BlobContainer { get; set; } = "";

    /// <summary>Where the files go, keeping their blob paths (e.g. clip-vit-base-patch32/onnx/text_model.onnx).</summary>
    public string LocalDirectory { get; set; } = "";

    public string EffectiveLocalDirectory =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(LocalDirectory) ? Path.Combine(Path.GetTempPath(), "imagesearch-models") : LocalDirectory);
}

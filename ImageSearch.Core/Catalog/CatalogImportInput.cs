namespace ImageSearch.Core.Catalog;

/// <summary>
/// One image to import as the client sent it: its bytes (bounded by the reader) and its metadata fields, not validated yet —
/// the importer validates them per image, so one bad title rejects that image only.
/// </summary>
public sealed record CatalogImportInput(byte[] Image, string? Title, string? Description, string? Tags, string? Category);

namespace ImageSearch.Core.Catalog;

/// <summary>The UTF-8 ids of items by ordinal (the writer's columns or a reader's view), for <see cref="CatalogIdTable"/>.</summary>
internal interface ICatalogIds
{
    int Count { get; }

    ReadOnlySpan<byte> IdBytes(int item);
}

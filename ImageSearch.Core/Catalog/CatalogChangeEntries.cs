using System.Globalization;
using Azure.Data.Tables;

namespace ImageSearch.Core.Catalog;

/// <summary>
/// The change index of the catalog table: every item row is written together with a small entry in the row's own
/// partition, in the same entity group transaction (so both exist or neither), whose row key orders it by the writer's
/// clock: <c>~{UTC ticks, 19 digits}-{item id}</c>. Table Storage indexes only partition and row keys — not
/// <c>Timestamp</c> — so "the rows written since T" is a key range over these entries instead of a scan of every row.
/// Item ids (content hashes) sort before <c>~</c>, so the item rows of a partition are exactly its keys below it.
/// </summary>
internal static class CatalogChangeEntries
{
    /// <summary>Every change entry's row key starts with this; every item row's key sorts before it.</summary>
    public const string Prefix = "~";

    /// <summary>Sorts after every change entry's row key ('~' is the last printable ASCII character).</summary>
    public const string End = "~~";

    /// <summary>
    /// How far a writer's clock may run behind the storage service's: entries are sought from this much before the
    /// wanted server time, then filtered by their own (server) timestamp.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const int TicksDigits = 19;

    /// <summary>The entry recording that <paramref name="itemId"/>'s row in <paramref name="partition"/> is written at <paramref name="writtenAt"/>.</summary>
    public static TableEntity ToEntity(string partition, string itemId, DateTimeOffset writtenAt) =>
        new(partition, KeyFrom(writtenAt) + "-" + itemId);

    /// <summary>The first row key of the entries written at or after <paramref name="writtenAt"/> (writer's clock).</summary>
    public static string KeyFrom(DateTimeOffset writtenAt) =>
        Prefix + Math.Max(0, writtenAt.UtcTicks).ToString("D" + TicksDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The item id an entry's row key names.</summary>
    public static string ItemIdOf(string rowKey) => rowKey[(Prefix.Length + TicksDigits + 1)..];
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageSearch.Core.Refinement;

/// <summary>
/// <see cref="RefinementKind"/> as lower-camel-case text ("select"), as every other JSON name of the API; reading ignores
/// case, so sessions stored while the wire said "Select" still load.
/// </summary>
public sealed class RefinementKindJsonConverter() : JsonStringEnumConverter<RefinementKind>(JsonNamingPolicy.CamelCase, allowIntegerValues: false);

using System.Text.Json.Serialization;

namespace ImageSearch.Core.Refinement;

[JsonConverter(typeof(JsonStringEnumConverter<RefinementKind>))]
public enum RefinementKind
{
    Feedback,
    Select,
    Reject,
}

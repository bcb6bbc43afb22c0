using System.Text.Json.Serialization;

namespace ImageSearch.Core.Refinement;

[JsonConverter(typeof(RefinementKindJsonConverter))]
public enum RefinementKind
{
    Feedback,
    Select,
    Reject,
}

namespace ImageSearch.Tests.Layering.Fixture.Right;

/// <summary>Refers back to <c>Left</c> through a typeof only (IL, no signature), closing a cycle the graph must see.</summary>
internal sealed class Pong
{
    public override string ToString() => typeof(Left.Ping).Name;
}

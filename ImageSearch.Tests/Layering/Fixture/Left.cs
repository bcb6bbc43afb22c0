namespace ImageSearch.Tests.Layering.Fixture.Left;

/// <summary>Refers to <c>Right</c> only by a fully qualified name inside a method body: no using line names it.</summary>
internal static class Ping
{
    public static string Name() => new global::ImageSearch.Tests.Layering.Fixture.Right.Pong().ToString()!;
}

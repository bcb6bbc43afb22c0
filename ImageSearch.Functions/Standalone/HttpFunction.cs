using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ImageSearch.Functions.Standalone;

/// <summary>A <c>[Function]</c> method with an <c>[HttpTrigger]</c> parameter.</summary>
/// <param name="Name">The <c>[Function]</c> name.</param>
/// <param name="Method">The function method.</param>
/// <param name="Route">The trigger's route template, without the host's route prefix (the function name when unset).</param>
/// <param name="HttpMethods">Upper-case methods; empty means every method, as with the host.</param>
/// <param name="AuthorizationLevel">As declared; enforced by <see cref="FunctionKeyCheck"/> as by the host.</param>
public sealed record HttpFunction(
    string Name,
    MethodInfo Method,
    string Route,
    IReadOnlyList<string> HttpMethods,
    AuthorizationLevel AuthorizationLevel);

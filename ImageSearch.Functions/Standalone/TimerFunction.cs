using System.Reflection;

namespace ImageSearch.Functions.Standalone;

/// <summary>A <c>[Function]</c> method with a <c>[TimerTrigger]</c> parameter.</summary>
/// <param name="Name">The <c>[Function]</c> name.</param>
/// <param name="Method">The function method.</param>
/// <param name="Schedule">The NCRONTAB expression as written, possibly a <c>%Setting%</c> reference.</param>
/// <param name="RunOnStartup">Whether to run once when the app starts, before the first scheduled occurrence.</param>
public sealed record TimerFunction(string Name, MethodInfo Method, string Schedule, bool RunOnStartup);

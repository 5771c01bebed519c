using System.Management.Automation;
using System.Reflection;

namespace Deid.PowerShell
{
    /// <summary>
    /// Keeps -Debug from turning every warning and verbose message into a prompt. PowerShell 7 made -Debug mean "show debug
    /// messages" (Continue) rather than "ask" (Inquire), but for compiled cmdlets its runtime still answers Inquire for the
    /// warning and verbose preferences while -Debug is set: after the first warning an interactive user is asked "Continue with
    /// this operation?" for each message, and a runbook (non-interactive) stops with "PowerShell is in NonInteractive mode".
    /// Script functions do not do this. So, for a command given -Debug, the debug preference is pinned to Continue and the
    /// runtime's -Debug flag cleared: debug messages show as asked, and warnings and verbose messages follow -WarningAction,
    /// -Verbose and the preference variables as they would without -Debug. Windows PowerShell 5.1, where -Debug documentedly
    /// means Inquire, is left as it is, as is any runtime whose members differ (then PowerShell's own behaviour stands).
    /// </summary>
    internal static class DebugParameter
    {
        private const BindingFlags Members = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

        /// <summary>Applies the rule above to <paramref name="cmdlet"/>; call it first in BeginProcessing.</summary>
        public static void KeepFromPrompting(PSCmdlet cmdlet)
        {
            if (!cmdlet.MyInvocation.BoundParameters.TryGetValue("Debug", out object? value) || !(value is SwitchParameter debug) || !debug.IsPresent) return;
            if (!IsPowerShell6OrLater) return;
            object runtime = cmdlet.CommandRuntime;
            var type = runtime?.GetType();
            var preference = type?.GetProperty("DebugPreference", Members);
            var flag = type?.GetProperty("Debug", Members);
            if (preference?.SetMethod == null || flag?.SetMethod == null || preference.PropertyType != typeof(ActionPreference) || flag.PropertyType != typeof(bool)) return;
            try
            {
                preference.SetValue(runtime, ActionPreference.Continue);
                flag.SetValue(runtime, false);
            }
            catch (TargetInvocationException)
            {
                // A runtime that refuses: PowerShell's own behaviour stands.
            }
        }

        // System.Management.Automation is 3.0.0.0 in Windows PowerShell 5.1 and carries the PowerShell version from 6 on.
        private static readonly bool IsPowerShell6OrLater = typeof(PSObject).Assembly.GetName().Version?.Major >= 6;
    }
}

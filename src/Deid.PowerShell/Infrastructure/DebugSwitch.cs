using System.Management.Automation;

namespace Deid.PowerShell
{
    /// <summary>
    /// Whether a cmdlet's debug stream is wanted (-Debug, or $DebugPreference other than SilentlyContinue/Ignore), decided once
    /// per run: building a per-file explanation for WriteDebug when nobody asked for it costs on large batches.
    /// </summary>
    internal sealed class DebugSwitch
    {
        private bool? _enabled;

        /// <summary>True when <paramref name="cmdlet"/>'s WriteDebug output would be shown or recorded.</summary>
        public bool IsEnabled(PSCmdlet cmdlet)
        {
            if (_enabled == null)
            {
                object? pref = cmdlet.GetVariableValue("DebugPreference");
                bool bound = cmdlet.MyInvocation.BoundParameters.TryGetValue("Debug", out var d) && d is SwitchParameter s && s.IsPresent;
                _enabled = bound || (pref is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore);
            }
            return _enabled.Value;
        }
    }
}

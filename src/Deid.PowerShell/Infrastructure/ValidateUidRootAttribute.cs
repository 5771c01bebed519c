using System.Management.Automation;
using Deid.Actions;

namespace Deid.PowerShell
{
    /// <summary>
    /// Refuses a -UidRoot that cannot start unique, valid UIDs (see <see cref="UidRoot.Check"/>) when the parameter is bound, with a
    /// message that says how long a root may be: a batch must not start and then write duplicate UIDs.
    /// </summary>
    public sealed class ValidateUidRootAttribute : ValidateArgumentsAttribute
    {
        /// <inheritdoc/>
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object value = arguments is PSObject pso ? pso.BaseObject : arguments;
            string? problem = UidRoot.Check(value as string);
            if (problem != null) throw new ValidationMetadataException("-UidRoot: " + problem);
        }
    }
}

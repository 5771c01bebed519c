using System;
using System.Management.Automation;
using Deid.Batch;

namespace Deid.PowerShell
{
    /// <summary>
    /// Refuses an -OutputName template that could name a file outside -OutputFolder (rooted, '..') or that cannot be read (an
    /// unknown token, an unclosed brace) when the parameter is bound, before any file is read.
    /// </summary>
    public sealed class ValidateOutputNameAttribute : ValidateArgumentsAttribute
    {
        /// <inheritdoc/>
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            object value = arguments is PSObject pso ? pso.BaseObject : arguments;
            try
            {
                OutputNameTemplate.Parse(value as string ?? string.Empty);
            }
            catch (ArgumentException ex)
            {
                throw new ValidationMetadataException("-OutputName: " + ex.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0]);
            }
        }
    }
}

using System.IO;
using System.Management.Automation;
using Deid.Recipes;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Writes a DeidRecipe as recipe text to a file.</para>
    /// <para type="description">The text is what $recipe.ToString() gives; reading it back gives an equal recipe. The file is written
    /// to a temporary name and renamed when complete; an existing file is replaced only with -Force.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "DeidRecipe", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportDeidRecipeCommand : PSCmdlet
    {
        /// <summary><para type="description">The recipe to write.</para></summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        public DeidRecipe? Recipe { get; set; }

        /// <summary><para type="description">The file to write.</para></summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary><para type="description">Replaces an existing file.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary><para type="description">Returns the written file.</para></summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Writes the recipe.</summary>
        protected override void ProcessRecord()
        {
            string target = GetUnresolvedProviderPathFromPSPath(Path!);
            if (File.Exists(target) && !Force.IsPresent)
            {
                var ex = new IOException($"The file '{target}' already exists; use -Force to replace it.");
                WriteError(new ErrorRecord(ex, "RecipeFileExists", ErrorCategory.ResourceExists, target));
                return;
            }
            if (!ShouldProcess(target, File.Exists(target) ? "Replace recipe file" : "Write recipe file")) return;
            try
            {
                RecipeWriter.WriteFile(Recipe!, target, Force.IsPresent);
            }
            catch (System.Exception ex) when (ex is IOException || ex is System.UnauthorizedAccessException || ex is System.InvalidOperationException)
            {
                WriteError(new ErrorRecord(ex, "RecipeWriteFailed", ErrorCategory.WriteError, target));
                return;
            }
            if (PassThru.IsPresent) WriteObject(InvokeProvider.Item.Get(new[] { target }, false, true), enumerateCollection: true);
        }
    }
}

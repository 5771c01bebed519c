using System.IO;
using System.Management.Automation;
using Deid.PowerShell.Completion;
using Deid.Recipes;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Writes a DeidRecipe as recipe text to a file.
    /// The text is what $recipe.ToString() gives; reading it back gives an equal recipe. The file is written
    /// to a temporary name and renamed when complete; an existing file is replaced only with -Force.
    /// </summary>
    [Cmdlet(VerbsData.Export, "DeidRecipe", SupportsShouldProcess = true)]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportDeidRecipeCommand : PSCmdlet
    {
        /// <summary>The recipe to write: a DeidRecipe, a shipped recipe name or a recipe file path.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
        [ValidateNotNull]
        [RecipeTransformation]
        [ArgumentCompleter(typeof(RecipeNameCompleter))]
        public DeidRecipe? Recipe { get; set; }

        /// <summary>The file to write.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Replaces an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Returns the written file.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing() => DebugParameter.KeepFromPrompting(this);

        /// <summary>Writes the recipe.</summary>
        protected override void ProcessRecord()
        {
            RecipeMessages.Report(this, Recipe);
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

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

        // The files this command wrote, to refuse a second recipe for one of them.
        private readonly System.Collections.Generic.HashSet<string> _written = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);

        /// <summary>Writes the recipe.</summary>
        protected override void ProcessRecord()
        {
            RecipeMessages.Report(this, Recipe);
            string target = FileSystemPath.Resolve(this, Path!, nameof(Path));
            // Several recipes piped to one file: each would replace the one before (with -Force, silently; QA 2026-12-07: the
            // KEEP lines of the first were lost). The first is written, the others refused.
            if (_written.Contains(target))
            {
                var twice = new IOException($"Export-DeidRecipe was given more than one recipe for '{target}': the first is written there, and this one ({string.Join(", ", Recipe!.Sources)}) is not, since it would replace it. Combine them into one recipe first (Get-DeidRecipe -Name a, b, or -Recipe a, b), or give each its own -Path.");
                WriteError(new ErrorRecord(twice, "RecipeExportedTwice", ErrorCategory.InvalidOperation, target));
                return;
            }
            string? folder = System.IO.Path.GetDirectoryName(target);
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                var missing = new DirectoryNotFoundException($"The folder of -Path '{Path}' does not exist ({folder}); make it first (New-Item -ItemType Directory).");
                WriteError(new ErrorRecord(missing, "RecipeFolderNotFound", ErrorCategory.ObjectNotFound, target));
                return;
            }
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
                _written.Add(target);
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

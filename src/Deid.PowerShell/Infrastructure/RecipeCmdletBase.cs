using System.Management.Automation;
using Deid.PowerShell.Completion;
using Deid.Recipes;

namespace Deid.PowerShell
{
    /// <summary>
    /// Base of the cmdlets that read files through a recipe (Get-DicomIdentifier's preview, and the pixel cmdlets of
    /// <see cref="PixelCmdletBase"/>): the one declaration of -Recipe (an object, a shipped name or a path, tab completed) and
    /// -Strict.
    /// </summary>
    public abstract class RecipeCmdletBase : FileCmdletBase
    {
        /// <summary>The recipe: a DeidRecipe, a shipped name (tab completes) or a recipe path. Cmdlets that need one take the default recipe, with a warning, when it is not given (<see cref="LoadRecipe"/>).</summary>
        [Parameter]
        [RecipeTransformation]
        [ArgumentCompleter(typeof(RecipeNameCompleter))]
        public DeidRecipe? Recipe { get; set; }

        /// <summary>Turns every warning met while the recipe was read (a misspelt keyword, a line deid skips) into an error that stops the command.</summary>
        [Parameter]
        public SwitchParameter Strict { get; set; }

        /// <summary>The recipe given, or the default recipe; stops the command under -Strict when its text had warnings.</summary>
        protected DeidRecipe? LoadRecipe() => StrictRecipe.Resolve(this, Recipe, Strict);
    }
}

using System.Collections;
using System.Management.Automation;
using Deid.PowerShell.Completion;
using Deid.Recipes;

namespace Deid.PowerShell
{
    /// <summary>
    /// Base of the cmdlets that list a part of a recipe (Get-DeidAction, Get-DeidFilter): the recipe by position or from the
    /// pipeline (an object, a shipped name or a path; the default recipe, with a warning, when omitted), -Strict, and one
    /// output per listed item that <see cref="Keep"/> lets through.
    /// </summary>
    public abstract class RecipeListCmdletBase : PSCmdlet
    {
        /// <summary>The recipe: a DeidRecipe (usually from Get-DeidRecipe through the pipeline), a shipped recipe name or a recipe file path.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [RecipeTransformation]
        [ArgumentCompleter(typeof(RecipeNameCompleter))]
        public DeidRecipe? Recipe { get; set; }

        /// <summary>Turns every warning met while the recipe was read (a misspelt keyword, a line deid skips) into an error that stops the command.</summary>
        [Parameter]
        public SwitchParameter Strict { get; set; }

        /// <summary>Writes the items of each recipe that <see cref="Keep"/> accepts.</summary>
        protected override void ProcessRecord()
        {
            var recipe = StrictRecipe.Resolve(this, Recipe, Strict);
            if (recipe == null) return;
            foreach (var item in List(recipe))
            {
                if (Keep(item)) WriteObject(item);
            }
        }

        /// <summary>Every item of <paramref name="recipe"/> this cmdlet lists, in recipe order.</summary>
        protected abstract IEnumerable List(DeidRecipe recipe);

        /// <summary>Whether <paramref name="item"/> passes the cmdlet's own filters (-Action, -Field, -Group, -Label).</summary>
        protected abstract bool Keep(object item);
    }
}

using System.Management.Automation;
using Deid.PowerShell.Completion;
using Deid.Recipes;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Lists the filter labels of a recipe with their group, criteria and coordinates.
    /// Without -Recipe the default recipe is used (with a warning). -Group and -Label filter by name
    /// (wildcards, case ignored).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DeidFilter")]
    [OutputType(typeof(DeidFilterRow))]
    public sealed class GetDeidFilterCommand : PSCmdlet
    {
        /// <summary>The recipe: a DeidRecipe (usually from Get-DeidRecipe through the pipeline), a shipped recipe name or a recipe file path.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [RecipeTransformation]
        [ArgumentCompleter(typeof(RecipeNameCompleter))]
        public DeidRecipe? Recipe { get; set; }

        /// <summary>Turns every warning met while the recipe was read (a misspelt keyword, a line deid skips) into an error that stops the command.</summary>
        [Parameter]
        public SwitchParameter Strict { get; set; }

        /// <summary>Filter group names (whitelist, graylist, blacklist, ...); wildcards allowed.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Group { get; set; }

        /// <summary>Label names; wildcards allowed.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>Writes the matching labels of each recipe.</summary>
        protected override void ProcessRecord()
        {
            var recipe = StrictRecipe.Resolve(this, Recipe, Strict);
            if (recipe == null) return;
            var groups = Wildcards.Of(Group);
            var labels = Wildcards.Of(Label);
            foreach (var filter in DeidFilterRow.ListAll(recipe))
            {
                if (groups != null && !Wildcards.AnyMatch(groups, filter.Group)) continue;
                if (labels != null && !Wildcards.AnyMatch(labels, filter.Label)) continue;
                WriteObject(filter);
            }
        }
    }
}

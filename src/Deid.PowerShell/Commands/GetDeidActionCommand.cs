using System;
using System.Management.Automation;
using Deid.PowerShell.Completion;
using Deid.Recipes;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Lists the header actions of a recipe, as deid's recipe.get_actions(action, field) does.
    /// Without -Recipe the default recipe is used (with a warning). -Action and -Field filter the actions;
    /// -Field compares the field text ignoring case and accepts wildcards.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DeidAction")]
    [OutputType(typeof(HeaderAction))]
    public sealed class GetDeidActionCommand : PSCmdlet
    {
        /// <summary>The recipe: a DeidRecipe (usually from Get-DeidRecipe through the pipeline), a shipped recipe name or a recipe file path.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [RecipeTransformation]
        [ArgumentCompleter(typeof(RecipeNameCompleter))]
        public DeidRecipe? Recipe { get; set; }

        /// <summary>Turns every warning met while the recipe was read (a misspelt keyword, a line deid skips) into an error that stops the command.</summary>
        [Parameter]
        public SwitchParameter Strict { get; set; }

        /// <summary>Action keywords to keep: ADD, BLANK, JITTER, KEEP, REPLACE, REMOVE.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(HeaderActionCompleter))]
        public HeaderActionKind[]? Action { get; set; }

        /// <summary>Field texts to keep (e.g. PatientID, endswith:Date, (0010,0010)); wildcards allowed, case ignored.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Field { get; set; }

        /// <summary>Writes the matching actions of each recipe.</summary>
        protected override void ProcessRecord()
        {
            var recipe = StrictRecipe.Resolve(this, Recipe, Strict);
            if (recipe == null) return;
            var fields = Wildcards.Of(Field);
            foreach (var action in recipe.Header)
            {
                if (Action != null && Array.IndexOf(Action, action.Action) < 0) continue;
                if (fields != null && !Wildcards.AnyMatch(fields, action.Field.Text)) continue;
                WriteObject(action);
            }
        }
    }
}

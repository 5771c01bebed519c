using System.Collections;
using System.Collections.Generic;
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
    public sealed class GetDeidFilterCommand : RecipeListCmdletBase
    {
        private List<WildcardPattern>? _groups;
        private List<WildcardPattern>? _labels;

        /// <summary>Filter group names (whitelist, graylist, blacklist, ...); wildcards allowed.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(FilterNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Group { get; set; }

        /// <summary>Label names; wildcards allowed.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(FilterNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            DebugParameter.KeepFromPrompting(this);
            _groups = Wildcards.Of(Group);
            _labels = Wildcards.Of(Label);
        }

        /// <inheritdoc/>
        protected override IEnumerable List(DeidRecipe recipe) => DeidFilterRow.ListAll(recipe);

        /// <inheritdoc/>
        protected override bool Keep(object item)
        {
            var filter = (DeidFilterRow)item;
            return Wildcards.Matches(_groups, filter.Group) && Wildcards.Matches(_labels, filter.Label);
        }
    }
}

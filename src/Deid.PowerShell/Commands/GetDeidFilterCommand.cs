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
        protected override IEnumerable List(DeidRecipe recipe)
        {
            // A plain group name the recipe does not have is said, as Get-Command says of a name it cannot find; a pattern that
            // matches nothing is not (QA round 3: `-Group Foo` listed nothing, silently).
            if (Group != null)
            {
                var names = new List<string>();
                foreach (var g in recipe.Filters) names.Add(g.Name);
                foreach (string wanted in Group)
                {
                    if (WildcardPattern.ContainsWildcardCharacters(wanted) || names.Exists(n => string.Equals(n, wanted, System.StringComparison.OrdinalIgnoreCase))) continue;
                    string have = names.Count == 0 ? "it has no %filter section" : "its groups: " + string.Join(", ", names);
                    WriteError(new ErrorRecord(new ItemNotFoundException($"The recipe has no filter group '{wanted}' ({have})."), "FilterGroupNotFound", ErrorCategory.ObjectNotFound, wanted));
                }
            }
            return DeidFilterRow.ListAll(recipe);
        }

        /// <inheritdoc/>
        protected override bool Keep(object item)
        {
            var filter = (DeidFilterRow)item;
            return Wildcards.Matches(_groups, filter.Group) && Wildcards.Matches(_labels, filter.Label);
        }
    }
}

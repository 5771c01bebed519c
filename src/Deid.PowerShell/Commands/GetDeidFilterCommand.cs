using System.Management.Automation;
using Deid.Recipes;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the filter labels of a recipe with their group, criteria and coordinates.</para>
    /// <para type="description">Without -Recipe the default recipe is used (with a warning). -Group and -Label filter by name
    /// (wildcards, case ignored).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DeidFilter")]
    [OutputType(typeof(DeidFilterRow))]
    public sealed class GetDeidFilterCommand : PSCmdlet
    {
        /// <summary><para type="description">The recipe, usually from Get-DeidRecipe through the pipeline.</para></summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        public DeidRecipe? Recipe { get; set; }

        /// <summary><para type="description">Filter group names (whitelist, graylist, blacklist, ...); wildcards allowed.</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Group { get; set; }

        /// <summary><para type="description">Label names; wildcards allowed.</para></summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? Label { get; set; }

        /// <summary>Writes the matching labels of each recipe.</summary>
        protected override void ProcessRecord()
        {
            var recipe = Recipe ?? GetDeidActionCommand.LoadDefault(this);
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

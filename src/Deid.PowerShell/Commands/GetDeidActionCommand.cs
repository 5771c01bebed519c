using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using Deid.PowerShell.Completion;
using Deid.Recipes;

namespace Deid.PowerShell.Commands
{
    /// <summary>
    /// Lists the header actions of a recipe, as deid's recipe.get_actions(action, field) does.
    /// Without -Recipe the default recipe is used (with a warning). -Action and -Field filter the actions;
    /// -Field compares the field text ignoring case and accepts wildcards, and finds a line that names its element by the other
    /// name too (StudyDate finds a line written for (0008,0020), and (0010,0020) one written for PatientID).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DeidAction")]
    [OutputType(typeof(HeaderAction))]
    public sealed class GetDeidActionCommand : RecipeListCmdletBase
    {
        private List<WildcardPattern>? _fields;

        /// <summary>Action keywords to keep: ADD, BLANK, JITTER, KEEP, REPLACE, REMOVE.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(HeaderActionCompleter))]
        public HeaderActionKind[]? Action { get; set; }

        /// <summary>
        /// Field texts to keep (e.g. PatientID, endswith:Date, (0010,0010)); wildcards allowed, case ignored. A line naming one
        /// standard element is found by its keyword or by its tag, however the recipe wrote it (FieldSpec.Names).
        /// </summary>
        [Parameter]
        [ArgumentCompleter(typeof(DicomKeywordCompleter))]
        [ValidateNotNullOrEmpty]
        public string[]? Field { get; set; }

        /// <inheritdoc/>
        protected override void BeginProcessing()
        {
            DebugParameter.KeepFromPrompting(this);
            _fields = Wildcards.Of(Field);
        }

        /// <inheritdoc/>
        protected override IEnumerable List(DeidRecipe recipe) => recipe.Header;

        /// <inheritdoc/>
        protected override bool Keep(object item)
        {
            var action = (HeaderAction)item;
            if (Action != null && Array.IndexOf(Action, action.Action) < 0) return false;
            if (_fields == null) return true;
            foreach (string name in action.Field.Names)
            {
                if (Wildcards.Matches(_fields, name)) return true;
            }
            return false;
        }
    }
}

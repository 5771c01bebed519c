using System;
using System.Collections.Generic;
using Deid.Dicom;
using Deid.Fields;
using Deid.Recipes;
using Deid.Steps;

namespace Deid.Actions
{
    /// <summary>
    /// Applies a recipe's header actions to one file as deid 0.4.12's <c>DicomParser.parse</c> does: optional sequence and private
    /// removal, KEEP fields taken out of the candidates, %values and %fields groups extracted from the original, then every action in
    /// recipe order (ADD, REPLACE, REMOVE unless a REPLACE/JITTER also selects the element, BLANK, JITTER), on nested elements too.
    /// Where deid crashes or writes invalid DICOM, we warn and keep the file valid (docs/recipe-semantics.md lists each case).
    /// It is the first step (<see cref="IFileStep"/>) of every batch; the per-file work is <see cref="HeaderActionRun"/>.
    /// </summary>
    public sealed class HeaderActionEngine : IFileStep
    {
        /// <summary>The step's name in results and warnings.</summary>
        public const string StepName = "Header";

        private readonly List<FieldSpec> _protectedFromRemoval = new List<FieldSpec>();

        /// <summary>Creates an engine for <paramref name="recipe"/>; <paramref name="uids"/> is shared by a batch for consistent UIDs.</summary>
        public HeaderActionEngine(DeidRecipe recipe, DeidReplaceOptions? options = null, UidGenerator? uids = null)
        {
            Recipe = recipe ?? throw new ArgumentNullException(nameof(recipe));
            Options = options ?? new DeidReplaceOptions();
            Uids = uids ?? new UidGenerator();
            var specs = new List<FieldSpec?>(recipe.Header.Count);
            foreach (var a in recipe.Header)
            {
                if (a.Action == HeaderActionKind.Replace || a.Action == HeaderActionKind.Jitter) _protectedFromRemoval.Add(a.Field);
                if (IsKeyed(a)) _keyedActions.Add(a);
                // An ADD is always performed: its field is not there to be found before it runs.
                specs.Add(a.Action == HeaderActionKind.Add ? null : a.Field);
            }
            HeaderPlan = new TagPlan(specs);
            ProtectionPlan = new TagPlan(_protectedFromRemoval.ConvertAll<FieldSpec?>(f => f));
            KeywordVariables = new KeywordVariableCheck(recipe);
            SpreadsheetVariables = new SpreadsheetVariableCheck(recipe);
        }

        /// <summary>Warns of variables named after keywords that the recipe never writes (once each per engine, that is per batch).</summary>
        internal KeywordVariableCheck KeywordVariables { get; }

        /// <summary>
        /// Warns of written variables a spreadsheet shortened to scientific notation or that read as UTF-8 decoded as Latin-1 (once
        /// each per engine, that is per batch).
        /// </summary>
        internal SpreadsheetVariableCheck SpreadsheetVariables { get; }

        /// <summary>Which header lines (by index in <see cref="DeidRecipe.Header"/>) can select anything in a file, by its tags.</summary>
        internal TagPlan HeaderPlan { get; }

        /// <summary>Which of <see cref="ProtectedFromRemoval"/> can select anything in a file, by its tags.</summary>
        internal TagPlan ProtectionPlan { get; }

        /// <summary>
        /// Asks every line of the recipe in every file, as before the plans: the reference the plans are tested against
        /// (TagPlanTests: the same bytes and warnings either way).
        /// </summary>
        internal bool AskEveryLine { get; set; }

        private readonly List<HeaderAction> _keyedActions = new List<HeaderAction>();

        /// <summary>
        /// The actions that call <c>keyed_id</c> or <c>keyed_jitter</c>: pure functions of the original value, so the values they
        /// read are taken from the header as read, before an earlier line of the recipe (a shipped recipe's dummy) changed them.
        /// </summary>
        internal IReadOnlyList<HeaderAction> KeyedActions => _keyedActions;

        private static bool IsKeyed(HeaderAction a) =>
            a.Value != null && a.Value.Kind == ActionValueKind.DeidFunction && a.Value.Name != null && System.Linq.Enumerable.Contains(ActionValue.KeyedFunctionNames, a.Value.Name);

        /// <summary>The recipe applied.</summary>
        public DeidRecipe Recipe { get; }

        /// <summary>The UID generator shared by the files this engine processes.</summary>
        public UidGenerator Uids { get; }

        /// <summary>The switches that change what is removed (sequences, private elements, the skip list).</summary>
        internal DeidReplaceOptions Options { get; }

        /// <summary>The fields of the recipe's REPLACE and JITTER actions: deid spares what they select from REMOVE.</summary>
        internal IReadOnlyList<FieldSpec> ProtectedFromRemoval => _protectedFromRemoval;

        /// <inheritdoc/>
        public string Name => StepName;

        /// <inheritdoc/>
        public IFileStepRun Begin(FileStepContext context) => new HeaderActionRun(this, context ?? throw new ArgumentNullException(nameof(context)));

        /// <summary>
        /// Applies the recipe to <paramref name="file"/> in place. <paramref name="variables"/> are the <c>var:</c> values (and
        /// <c>func:</c> functions) for this file; problems that do not stop the file are added to <paramref name="warnings"/>.
        /// </summary>
        public ReplaceStatistics Apply(DicomFile file, IReadOnlyDictionary<string, object?>? variables, ICollection<DeidWarning> warnings, string? sourcePath = null)
        {
            if (file == null) throw new ArgumentNullException(nameof(file));
            var context = new FileStepContext(file, sourcePath, variables, warnings ?? new List<DeidWarning>());
            return new HeaderActionRun(this, context).Apply();
        }

        /// <summary>As <see cref="Apply(DicomFile, IReadOnlyDictionary{string, object}, ICollection{DeidWarning}, string)"/>, with the warnings as their messages.</summary>
        public ReplaceStatistics Apply(DicomFile file, IReadOnlyDictionary<string, object?>? variables, ICollection<string> warnings, string? sourcePath = null)
        {
            var structured = new List<DeidWarning>();
            try
            {
                return Apply(file, variables, structured, sourcePath);
            }
            finally
            {
                if (warnings != null)
                {
                    foreach (var w in structured) warnings.Add(w.Message);
                }
            }
        }
    }
}

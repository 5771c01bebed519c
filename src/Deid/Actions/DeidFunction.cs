using System.Collections.Generic;
using Deid.Dicom;
using Deid.Fields;

namespace Deid.Actions
{
    /// <summary>
    /// A user function for <c>func:NAME</c> values, given among the variables (PowerShell passes a ScriptBlock, wrapped as this).
    /// It returns the new value (REPLACE/ADD/JITTER) or, for REMOVE, whether to remove; null means "no change".
    /// </summary>
    public delegate object? DeidFunction(DeidFunctionCall call);

    /// <summary>What a <see cref="DeidFunction"/> is called with: the element, its value, the field name and the dataset.</summary>
    public sealed class DeidFunctionCall
    {
        internal DeidFunctionCall(DicomFile file, DeidField? field, string fieldName, string recipeValue, IReadOnlyDictionary<string, object?> variables, string? sourcePath)
        {
            File = file;
            Field = field;
            FieldName = fieldName;
            RecipeValue = recipeValue;
            Variables = variables;
            SourcePath = sourcePath;
        }

        /// <summary>The file being de-identified.</summary>
        public DicomFile File { get; }

        /// <summary>The dataset being de-identified.</summary>
        public DicomDataset Dataset => File.Dataset;

        /// <summary>The element the action applies to; null for ADD of an element that is not present.</summary>
        public DeidField? Field { get; }

        /// <summary>The field name: the element's nested keyword path (or tag path when it has no keyword), or the ADD field text.</summary>
        public string FieldName { get; }

        /// <summary>The element's current value (text, numbers, items), or null.</summary>
        public object? Value => Field?.Value;

        /// <summary>The value text written in the recipe, e.g. "func:make_id".</summary>
        public string RecipeValue { get; }

        /// <summary>The variables given for the file.</summary>
        public IReadOnlyDictionary<string, object?> Variables { get; }

        /// <summary>The path of the file being de-identified.</summary>
        public string? SourcePath { get; }
    }
}

using System;
using System.Collections.Generic;
using Deid.Fields;

namespace Deid.Recipes
{
    /// <summary>Options for <see cref="RecipeParser"/>.</summary>
    public sealed class RecipeParserOptions
    {
        /// <summary>A keyword dictionary; when given, fields and filter fields that are not DICOM keywords are reported as warnings.</summary>
        public IKeywordLookup? Keywords { get; set; }

        /// <summary>Options that check field keywords against the PS3.6 dictionary (what the cmdlets load recipes with).</summary>
        public static RecipeParserOptions WithDictionary() => new RecipeParserOptions { Keywords = DictionaryKeywords.Instance };

        /// <summary>
        /// True to read as deid 0.4.12 does a line where an action belongs that is not one (<c>BLANCK PatientName</c>,
        /// <c>add PatientName</c>): skipped with a warning. False (the default) makes it an error: deid would leave the element as
        /// it was, which a de-identification must not do silently.
        /// </summary>
        public bool SkipUnknownActions { get; set; }
    }

    /// <summary>A parsed recipe and what deid would have warned about (or silently done differently) while reading it.</summary>
    public sealed class RecipeParseResult
    {
        /// <summary>Creates a result.</summary>
        public RecipeParseResult(DeidRecipe recipe, IReadOnlyList<RecipeWarning> warnings)
        {
            Recipe = recipe ?? throw new ArgumentNullException(nameof(recipe));
            Warnings = warnings ?? throw new ArgumentNullException(nameof(warnings));
        }

        /// <summary>The recipe.</summary>
        public DeidRecipe Recipe { get; }

        /// <summary>The warnings, in line order.</summary>
        public IReadOnlyList<RecipeWarning> Warnings { get; }
    }
}

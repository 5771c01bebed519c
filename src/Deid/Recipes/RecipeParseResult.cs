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

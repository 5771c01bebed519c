namespace Deid.Fields
{
    /// <summary>
    /// The derived strings deid compares field specs with, made once per candidate instead of once per comparison. A recipe's
    /// <c>contains:</c>/<c>startswith:</c>/<c>endswith:</c> actions search every listed element's lower-cased keyword path and
    /// tag strings; building those strings for each action and each element was most of what the engine allocated per file.
    /// Implemented by candidates that live for one file's run (<see cref="DeidField"/>); not thread-safe.
    /// </summary>
    internal interface ICachedFieldText
    {
        /// <summary>"(GGGG,EEEE)".</summary>
        string TagString { get; }

        /// <summary>"GGGGEEEE".</summary>
        string StrippedTag { get; }

        /// <summary><see cref="IFieldCandidate.KeywordPath"/> lower-cased (invariant).</summary>
        string KeywordPathLower { get; }

        /// <summary>"(gggg,eeee)".</summary>
        string TagStringLower { get; }

        /// <summary>deid's private creator syntax <c>GGGG,"creator",EE</c>, with "None" for a missing creator as deid writes it.</summary>
        string CreatorSyntax { get; }

        /// <summary><see cref="CreatorSyntax"/> in parentheses.</summary>
        string CreatorSyntaxParenthesized { get; }
    }
}

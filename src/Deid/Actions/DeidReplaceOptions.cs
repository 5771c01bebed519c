namespace Deid.Actions
{
    /// <summary>deid's replace options (<c>replace_identifiers</c> arguments) and ours.</summary>
    public sealed class DeidReplaceOptions
    {
        /// <summary>Remove every sequence before the recipe runs (deid's <c>strip_sequences</c>).</summary>
        public bool StripSequences { get; init; }

        /// <summary>
        /// Remove private elements before the recipe runs (deid's <c>remove_private</c>), at every depth — except elements a KEEP
        /// protects (in deid the removal comes first and KEEP cannot save them; here KEEP wins).
        /// </summary>
        public bool RemovePrivate { get; init; }

        /// <summary>Also act on the fields deid protects by default (Pixel Data, palette LUT data, VOI LUTs, transfer syntax, ...).</summary>
        public bool DisableSkip { get; init; }
    }
}

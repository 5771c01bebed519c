namespace Deid.Fields
{
    /// <summary>
    /// What a recipe's field text is: one element named exactly, or an expander that selects many.
    /// The matching rule of each kind is deid 0.4.12's; docs/recipe-semantics.md quotes the source it comes from.
    /// </summary>
    public enum FieldSpecKind
    {
        /// <summary>
        /// A DICOM keyword such as <c>PatientID</c>. deid compares it case-insensitively with every element's keyword at any
        /// depth (so <c>PatientID</c> also selects the PatientID inside OtherPatientIDsSequence items), with its dictionary
        /// name and its nested keyword path (<c>FieldsWithLookups.get_exact_matches</c>, deid/dicom/fields.py).
        /// </summary>
        Keyword,

        /// <summary>
        /// A tag number. deid matches only the spellings <c>(gggg,eeee)</c> and <c>ggggeeee</c> (any case) in header actions and groups;
        /// <c>0xggggeeee</c> is the spelling its filters understand. <see cref="FieldSpec.TagSpelling"/> records which one was written.
        /// </summary>
        Tag,

        /// <summary>
        /// A private element named by its creator: <c>(gggg,"CREATOR",ee)</c> or <c>gggg,"CREATOR",ee</c>, where <c>ee</c> is the low
        /// byte of the element number. deid compares it case-insensitively with the creator syntax it builds for each private element.
        /// </summary>
        PrivateTag,

        /// <summary>
        /// A nested path as deid writes it: keywords joined by <c>__</c> (<c>ReferencedImageSequence__ReferencedSOPInstanceUID</c>)
        /// or tags and item indexes joined by <c>__</c> (<c>(0008,1140)__0__(0008,1155)</c>); compared case-insensitively.
        /// </summary>
        Path,

        /// <summary>
        /// Any other text without an expander prefix. deid still compares it case-insensitively with keyword, name, tag strings and
        /// paths, so it can match (for instance a one-word dictionary name); the parser warns because it is usually a typo.
        /// </summary>
        Other,

        /// <summary><c>all</c> (any case): every element deid lists, including private ones, nested ones and file meta.</summary>
        All,

        /// <summary>
        /// <c>contains:EXPR</c>: a case-insensitive regular expression search (the expression is lower-cased first) in the element's
        /// nested keyword path, tag strings, dictionary name, keyword and private creator syntax.
        /// </summary>
        Contains,

        /// <summary><c>startswith:EXPR</c>: as <see cref="Contains"/> with the expression anchored as <c>^(EXPR)</c>.</summary>
        StartsWith,

        /// <summary><c>endswith:EXPR</c>: as <see cref="Contains"/> with the expression anchored as <c>(EXPR)$</c>.</summary>
        EndsWith,

        /// <summary><c>except:EXPR</c>: every element for which <see cref="Contains"/> with EXPR would be false.</summary>
        Except,

        /// <summary>
        /// <c>select:ATTRIBUTE:VALUE</c>: <c>select:VR:PN</c> (first two letters, any case) or <c>select:group:0010</c> (hexadecimal);
        /// any other attribute selects nothing.
        /// </summary>
        Select,

        /// <summary>
        /// <c>values:GROUP</c> in a header action: the elements whose value contains (regular expression, any case) one of the values
        /// the <c>%values</c> group extracted. Only header actions resolve it; elsewhere deid treats it as an unknown expander.
        /// </summary>
        Values,

        /// <summary>
        /// <c>fields:GROUP</c> in a header action: the elements the <c>%fields</c> group selected (matched again by their tag).
        /// Only header actions resolve it; elsewhere deid treats it as an unknown expander.
        /// </summary>
        Fields,

        /// <summary>An <c>expander:expression</c> whose expander deid does not know: it selects nothing (the parser warns).</summary>
        UnknownExpander,
    }

    /// <summary>How a <see cref="FieldSpecKind.Tag"/> field was spelled, which decides whether deid recognises it where it is used.</summary>
    public enum TagSpelling
    {
        /// <summary>Not a tag.</summary>
        None,

        /// <summary><c>(gggg,eeee)</c>: matched by deid's header actions and groups.</summary>
        Parenthesized,

        /// <summary><c>ggggeeee</c>: matched by deid's header actions and groups (and ADD creates it with VR ST).</summary>
        Bare,

        /// <summary><c>0xggggeeee</c>: understood by deid's filters only; header actions match nothing with it.</summary>
        Hex,

        /// <summary><c>gggg,eeee</c> without parentheses: deid matches nothing with it anywhere.</summary>
        Comma,
    }
}

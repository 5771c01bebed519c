namespace Deid.Fields
{
    /// <summary>
    /// What a recipe's field text is: one element named exactly, or an expander that selects many.
    /// The matching rule of each kind is deid 0.4.12's; docs/recipe-semantics.md quotes the source it comes from.
    /// </summary>
    public enum FieldSpecKind
    {
        /// <summary>
        /// A DICOM keyword such as <c>PatientID</c>. deid/dicom/fields.py <c>FieldsWithLookups.get_exact_matches(field.lower())</c>
        /// looks it up in the lower-cased keyword, name, nested keyword path, tag strings and tag path of every listed element, so
        /// it matches case-insensitively and at any depth (PatientID inside OtherPatientIDsSequence items too). pydicom gives
        /// repeating-group elements (OverlayData) no keyword: such keywords match nothing.
        /// </summary>
        Keyword,

        /// <summary>
        /// A tag number, matched at any depth. <c>get_exact_matches</c> compares with <c>str(element.tag).lower()</c> ("(gggg,eeee)")
        /// and <c>DicomField.stripped_tag</c> ("ggggeeee"), so only those spellings work in header actions and groups; <c>0xggggeeee</c>
        /// is the spelling deid/dicom/filter.py <c>apply_filter</c> understands (<c>int(field, 0)</c>). <see cref="FieldSpec.TagSpelling"/>
        /// records which one was written.
        /// </summary>
        Tag,

        /// <summary>
        /// A private element named by its creator: <c>(gggg,"CREATOR",ee)</c> or <c>gggg,"CREATOR",ee</c>, <c>ee</c> the low byte of the
        /// element number in two hex digits. <c>FieldsWithLookups._get_field_lookup_keys</c> adds both forms, lower-cased, for every
        /// odd-group element, so the match ignores case, creator included, at any depth.
        /// </summary>
        PrivateTag,

        /// <summary>
        /// A nested path as deid writes it (<c>DicomField.name</c> / <c>DicomField.uid</c>, built by <c>_get_fields_inner</c>): keywords
        /// joined by <c>__</c> (<c>ReferencedImageSequence__ReferencedSOPInstanceUID</c>, every item) or tags and item indexes joined by
        /// <c>__</c> (<c>(0008,1140)__0__(0008,1155)</c>, one item); compared case-insensitively.
        /// </summary>
        Path,

        /// <summary>
        /// Any other text without an expander prefix. deid still compares it case-insensitively with keyword, name, tag strings and
        /// paths, so it can match (for instance a one-word dictionary name); the parser warns because it is usually a typo.
        /// </summary>
        Other,

        /// <summary>
        /// <c>all</c> (any case): <c>expand_field_expression</c> returns every listed element, private, nested and file meta included
        /// (the protected elements of deid/dicom/config.json and KEEP's elements are not listed for header actions).
        /// </summary>
        All,

        /// <summary>
        /// <c>contains:EXPR</c>: <c>expand_field_expression</c> lower-cases EXPR and <c>DicomField.name_contains</c> searches it as a
        /// regular expression (ignoring case) in the lower-cased nested keyword path, "(gggg,eeee)", "GGGGEEEE", the dictionary name,
        /// the keyword and, for private elements with a creator, <c>GGGG,"creator",EE</c> with and without parentheses.
        /// </summary>
        Contains,

        /// <summary><c>startswith:EXPR</c>: as <see cref="Contains"/> with the expression anchored as <c>^(EXPR)</c>.</summary>
        StartsWith,

        /// <summary><c>endswith:EXPR</c>: as <see cref="Contains"/> with the expression anchored as <c>(EXPR)$</c>.</summary>
        EndsWith,

        /// <summary>
        /// <c>except:EXPR</c>: <c>field_matches_expander</c> returns <c>not name_contains(EXPR)</c> — a regular expression exclusion,
        /// so <c>except:PatientID</c> also spares IssuerOfPatientID.
        /// </summary>
        Except,

        /// <summary>
        /// <c>select:ATTRIBUTE:VALUE</c> (<c>DicomField.select_matches</c>, on the lower-cased expression): <c>VR</c> compares the
        /// element's VR with the first two letters in upper case; <c>group</c> compares the group with <c>int(VALUE, 16)</c>; any other
        /// attribute selects nothing.
        /// </summary>
        Select,

        /// <summary>
        /// <c>values:GROUP</c> in a header action (deid/dicom/parser.py <c>perform_action</c>, <c>find_by_values</c>): the elements whose
        /// value matches the unescaped regular expression <c>(v1|v2|...)</c> of the values the <c>%values</c> group extracted (ignoring
        /// case). Elsewhere (KEEP, groups) deid treats it as an unknown expander that selects nothing.
        /// </summary>
        Values,

        /// <summary>
        /// <c>fields:GROUP</c> in a header action (<c>perform_action</c>): each element the <c>%fields</c> group selected is looked up
        /// again by its "ggggeeee" tag, so every element with that tag at any depth is selected. Elsewhere deid treats it as an
        /// unknown expander that selects nothing.
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

# Dot-sourced by Generate-ProfileRecipes.ps1: the header rules every shipped recipe carries beyond PS3.15 Table E.1-1.
#
# Table E.1-1 lists the attributes known to identify; PS3.15 E.1.1 lets an implementation remove anything else it does not know
# to be safe. Issue 10 found identifying values surviving in places the table does not name (file meta, UIDs outside the U rows,
# person names, free text, unknown tags, overlays). These rules close those places, each for every file, not case by case.
# docs/recipe-semantics.md section 8 explains each choice; ShippedRecipeLeakTests plants markers in each place.

# Acquisition facts kept although a rule below would otherwise remove them, or that no rule may ever touch: filters and
# research need them, and they describe the device or the anatomy, not the person. Tests check that no rule selects them.
$script:safeText = [ordered]@{
    '(0008,0070)' = 'Manufacturer: device fact; filters select device layouts by it'
    '(0008,1090)' = 'ManufacturerModelName: device fact; filters select device layouts by it'
    '(0018,1020)' = 'SoftwareVersions: device fact; research needs it to compare reconstructions'
    '(0018,0015)' = 'BodyPartExamined: anatomy, not person; filters of dicom.xray.chest read it'
    '(0008,0060)' = 'Modality: filters read it'
    '(0008,0008)' = 'ImageType: filters read it'
    '(0028,0301)' = 'BurnedInAnnotation: filters read it'
}

# UR attributes that name a code system or a part of the document, not a place: kept, with the UIDs they embed remapped.
# Every other UR outside the table locates the original object on a server (host names identify the institution, a path or
# query carries the original UIDs and often a patient's name) and is removed.
$script:remappedUrls = @('(0008,010E)', '(0008,0120)', '(0068,7005)')

# Group 0002 elements that name the sending and receiving systems or carry private data (gdcmanon removes them too). The
# UIDs of the meta the writer keeps in step with the dataset, and TransferSyntaxUID and ImplementationClassUID are protected.
$script:metaRemoved = @('(0002,0016)', '(0002,0017)', '(0002,0018)', '(0002,0026)', '(0002,0027)', '(0002,0028)', '(0002,0100)', '(0002,0102)')
$script:metaKeptUids = @('(0002,0002)', '(0002,0010)', '(0002,0012)')
# The file meta's copies of a real-time video's Source Identifier (0034,0005) and Flow Identifier (0034,0002) (PS3.10): the
# table makes their dataset twins D, and an OB has no dummy, so they are blanked as the twins are (QA of 2026-12-07: every
# recipe blanked the twins and kept these).
$script:metaBlanked = [ordered]@{
    '(0002,0035)' = 'the file meta copy of Source Identifier (0034,0005), which the table makes D; an OB has no dummy'
    '(0002,0036)' = 'the file meta copy of Flow Identifier (0034,0002), which the table makes D; an OB has no dummy'
}

# Attributes that identify a person, an order or a journey, missing from the table as shipped: a QA pass found each surviving
# every recipe. Removed in every recipe; no option retains them. (Route segment locations are free text by name, below.)
$script:identifyingBeyondTable = [ordered]@{
    '(0010,0033)' = "the patient's birth date, in another calendar"
    '(0010,0034)' = "the patient's death date, in another calendar"
    '(0040,1006)' = 'a placer order number (retired): identifies the order, as Accession Number does'
    '(0040,1007)' = 'a filler order number (retired): identifies the order'
    '(0040,2006)' = 'a placer order number (retired): identifies the order'
    '(0040,2007)' = 'a filler order number (retired): identifies the order'
    '(0004,1500)' = 'a file path, often named after the patient (a DICOMDIR attribute, never needed in an image)'
    '(0400,0500)' = "the original attributes, encrypted for whoever holds that key: not this recipe's to pass on"
    '(0074,100C)' = "a person's name, as text"
    '(0040,1008)' = "the patient's confidentiality constraints on the order (VIP, staff member): free text that singles the patient out"
    '(2100,0160)' = "the print job owner's ID"
    '(4010,101A)' = "a traveller's boarding pass (DICOS)"
    '(4010,1051)' = "a traveller's itinerary (DICOS)"
    '(4010,1058)' = "a traveller's carrier (DICOS)"
    '(4010,1007)' = "a traveller's route segment (DICOS)"
    '(4010,1025)' = 'when a route segment starts: a date and time of travel (DICOS)'
    '(4010,1026)' = 'when a route segment ends: a date and time of travel (DICOS)'
    '(0010,2294)' = "holds a veterinary patient's breed registration number: the animal's own identifier"
    '(0010,2295)' = "a veterinary patient's breed registration number: the animal's own identifier"
    '(0072,0008)' = "a person's name, as text (who made the hanging protocol)"
    '(0088,0130)' = 'a label of the media the study was written to, often a patient ID or name'
    '(0008,041F)' = 'when the study was last updated: a date and time'
}

# A device's own identity beyond the table (whose Device Serial Number and Device UID are X and U): removed by every recipe but
# the Retain Device Identity Option's, which keeps what identifies the device.
$script:deviceIdentityBeyondTable = [ordered]@{
    '(0018,1003)' = "the device's own ID, as a site names it: identifies the device as its serial number does"
}

# UIDs that name a kind of thing, the same for every patient (SOP classes, transfer syntaxes, coding schemes, context groups,
# mapping resources): never remapped. Registered ones would be kept anyway (keep_registered); a private one remapped would only
# make the object unreadable for its vendor's software while protecting nobody.
$script:classUidNames = 'SOP Class|Transfer Syntax|Coding Scheme UID|Mapping Resource UID|^Context UID'

# Free text that is Type 1 or 1C where it appears: a dummy keeps those items valid where an empty value would not. Found by
# dciodvfy on pydicom's waveform_ecg.dcm (UnformattedTextValue of each Waveform Annotation item, Type 1C); TextValue is Type 1
# in every SR TEXT content item and in acquisition context items.
$script:requiredText = [ordered]@{
    '(0040,A160)' = 'Type 1 in SR TEXT content items and acquisition context'
    '(0070,0006)' = 'Type 1C in waveform annotations and graphic text objects'
    '(0070,0080)' = 'Type 1 wherever PS3.3 uses it (presentation states, segmentations, registrations)'
    '(0040,E001)' = 'Type 1C in the CDA Encapsulated Document module'
}

# Text that identifies a document rather than describing anything (HL7 Instance Identifier: the root OID and extension of a CDA
# document in the hospital's records): a dummy in every recipe, never cleaned and kept (an OID holds no name to strike).
$script:identifierText = @('(0040,E001)')

# Code strings that hold what a person typed: Content Label names a presentation state or segmentation instance as its author
# chose, and a patient's name typed there survived every recipe (leak QA 7, F1). Free text by the rules below, though CS.
$script:typedCodeStrings = @('(0070,0080)')

# Words of a PS3.6 name that mark free text written by people (issue 10, class 5).
$script:freeTextWords = '\b(comments?|descriptions?|remarks?|explanations?|titles?|reasons?|notes?|labels?|address(es)?|locations?|issuer)\b'

# Names and identifiers people type that every recipe keeps as acquisition facts (Acquisition Protocol Name, the Enhanced
# counterpart of the table's Protocol Name; Receive Coil Name; Fiducial Identifier; RT Image Name; Beam Name; Sequence Name):
# kept, cleaned by clean_descriptor, which strikes only what identifies and leaves the rest byte for byte. Under Clean
# Descriptors first (leak QA 3 MEDIUM-5, leak QA 4 MEDIUM-3); in every recipe since leak QA 8 (F1) found the patient's name in a
# Beam Name and a Segment Algorithm Name, and a reading physician's in a Sequence Name, kept by the Basic Profile (whose own
# audit, Test-DeidOutput -Recipe, reported them).
# Keywords and IDs too: a vendor's Private Data Element Keyword held the patient's name beside its cleaned Name, and IDs
# people give things (a Stack ID, a Print Job ID, a welder's ID) are typed as freely (QA of 2026-12-07).
$script:cleanedNameWords = '\b(name|identifier|text|keyword|ids?)\b'

# Labels every recipe keeps, cleaned (identifying spans become XXX), since emptied or made a dummy they would break the object:
# Segment Label is Type 1 and names the segmented structure (a label holding an ID or a date kept it: leak QA 4, MEDIUM-3);
# Graphic Layer (a CS its author types, Type 1) links each annotation to its layer, so every value must map the same way, and
# two layers stay two (a dummy would merge them). Kept raw, both held the patient's name (leak QA 8, F1); emptied by the
# options' person-name net, both left the object invalid (F2).
$script:cleanedLabels = [ordered]@{
    '(0062,0005)' = 'SegmentLabel: Type 1 in every Segmentation, names the segmented structure (also coded beside it)'
    '(0070,0002)' = 'GraphicLayer: Type 1, links each annotation to its layer'
}

$script:uidArguments = 'deid_func:pydicom_uuid keep_registered=true'

function New-ExtraRule([string] $kind, [string] $field, [string] $value, [string] $name, [string] $why) {
    [pscustomobject]@{ Kind = $kind; Field = $field; Value = $value; Name = $name; Tag = $field; Why = $why }
}

# What the clean-* options retain cleaned beyond the table rows their part file names: free text the option exists to keep
# (a Clean option says "retain, cleaned"; removing it would defeat the option). '*' = every free-text rule below.
# Content Label (Type 1) is text every option keeps: each option that nets person names cleans it first, or the net (BLANK
# words:person_names) emptied it and left the presentation state invalid (leak QA 7, F7). Segment Label, Graphic Layer and the
# names people type are cleaned in every recipe (above), also before the net.
$script:cleanedByOption = @{
    'clean-descriptors'          = @('*')
    'clean-structured-content'   = @('(0040,A160)', '(0008,0104)', '(0070,0080)')
    'clean-graphics'             = @('(0070,0006)', '(0070,0068)', '(0070,0080)')
}

function Get-ExtraRules([hashtable] $dictionary, [object[]] $tableRows, [switch] $RetainUids, [string] $Option) {
    $cleaned = if ($Option -and $script:cleanedByOption.Contains($Option)) { $script:cleanedByOption[$Option] } else { @() }
    $inTable = @{}
    foreach ($row in $tableRows) { $inTable[$row.tag.ToUpperInvariant()] = $true }
    $rules = [System.Collections.Generic.List[object]]::new()
    $entries = @($dictionary.Values | Where-Object { $_.tag -match '^\([0-9A-F]{4},[0-9A-F]{4}\)$' } | Sort-Object tag)

    foreach ($tag in $script:metaRemoved) {
        $rules.Add((New-ExtraRule 'REMOVE' $tag $null $dictionary[$tag].keyword 'file meta: names a system or holds private data (gdcmanon removes it)'))
    }
    foreach ($tag in $script:metaBlanked.Keys) {
        $rules.Add((New-ExtraRule 'BLANK' $tag $null $dictionary[$tag].keyword $script:metaBlanked[$tag]))
    }

    foreach ($tag in $script:identifyingBeyondTable.Keys) {
        if ($inTable.ContainsKey($tag) -or -not $dictionary.ContainsKey($tag)) { continue }
        $rules.Add((New-ExtraRule 'REMOVE' $tag $null $dictionary[$tag].keyword $script:identifyingBeyondTable[$tag]))
    }
    if ($Option -ne 'retain-device-identity') {
        foreach ($tag in $script:deviceIdentityBeyondTable.Keys) {
            if ($inTable.ContainsKey($tag) -or -not $dictionary.ContainsKey($tag)) { continue }
            $rules.Add((New-ExtraRule 'REMOVE' $tag $null $dictionary[$tag].keyword $script:deviceIdentityBeyondTable[$tag]))
        }
    }

    if ($Option -eq 'retain-safe-private') {
        # Table E.3.10-1 vouches for what a slot means (a pulse sequence name, a return message, a graphic annotation), not for
        # what a person typed into it: the text slots it keeps are cleaned as Clean Descriptors cleans (numbers and codes in
        # their own slots hold no names and are left byte for byte).
        $rules.Add((New-ExtraRule 'REPLACE' 'select:private:safe' 'deid_func:clean_descriptor' 'safe private text' 'kept by the option; names, IDs, dates and identifying values typed into its text become XXX'))
    }

    if (-not $RetainUids) {
        foreach ($e in $entries) {
            $tag = $e.tag.ToUpperInvariant()
            if ($e.valueRepresentation -ne 'UI' -or $inTable.ContainsKey($tag)) { continue }
            if ($tag.StartsWith('(0000,') -or $tag -in $script:metaKeptUids -or $tag -in $script:metaRemoved) { continue }
            if ($e.name -match $script:classUidNames) { continue }
            $rules.Add((New-ExtraRule 'REPLACE' $tag $script:uidArguments $e.keyword 'UID not in the table: remapped consistently, registered (PS3.6) UIDs kept'))
        }
    }

    foreach ($e in $entries) {
        $tag = $e.tag.ToUpperInvariant()
        if ($e.valueRepresentation -ne 'UR' -or $inTable.ContainsKey($tag) -or $tag.StartsWith('(0002,')) { continue }
        if ($tag -in $script:remappedUrls) {
            if (-not $RetainUids) { $rules.Add((New-ExtraRule 'REPLACE' $tag $script:uidArguments $e.keyword 'names a code system or document part: UIDs inside remapped')) }
        }
        else {
            $rules.Add((New-ExtraRule 'REMOVE' $tag $null $e.keyword 'locates the original on a server: host and original UIDs'))
        }
    }

    $rules.Add((New-ExtraRule 'REMOVE' 'select:VR:PN' $null 'every person name' 'a PN always names a person; the Type 2 ones the table keeps are REPLACEd (REPLACE protects from REMOVE)'))

    foreach ($e in $entries) {
        $tag = $e.tag.ToUpperInvariant()
        # Removed above as identifying: a clean_descriptor REPLACE would protect it from that REMOVE (Contact Display Name is
        # a person's name as text, which the cleaner, knowing only the patient's names, would keep).
        if ($inTable.ContainsKey($tag) -or $script:identifyingBeyondTable.Contains($tag) -or $script:deviceIdentityBeyondTable.Contains($tag)) { continue }
        if ($script:safeText.Contains($tag)) { continue }
        $optionCleans = $cleaned -contains '*' -or $cleaned -contains $tag
        $vr = $e.valueRepresentation
        $why = $null
        # Kept in every recipe, cleaned: before the free-text rule, which would empty Segment Label (its name says label).
        $everyRecipeCleans = $false
        if ($script:cleanedLabels.Contains($tag)) { $why = "a label people type ($vr), kept in every recipe and cleaned"; $everyRecipeCleans = $true }
        elseif ($vr -in 'ST', 'LT', 'UT') { $why = "free text ($vr)" }
        elseif ($vr -in 'LO', 'SH', 'UC' -and $e.name -match $script:freeTextWords) { $why = "free text ($vr, its name says $($Matches[1].ToLowerInvariant()))" }
        elseif ($vr -in 'LO', 'SH', 'UC' -and $e.name -match $script:cleanedNameWords -and -not $tag.StartsWith('(0002,')) { $why = "text people type ($vr, its name says $($Matches[1].ToLowerInvariant())), kept in every recipe and cleaned"; $everyRecipeCleans = $true }
        elseif ($vr -eq 'CS' -and $tag -in $script:typedCodeStrings) { $why = 'text people type (CS, a label its author chose)' }
        elseif ($vr -eq 'SQ' -and $e.name -match '\bissuer\b') {
            # Type 3 wherever PS3.3 uses them (Issuer of Accession Number, of Patient ID Qualifiers): a present sequence needs
            # an item, so emptied they made every output invalid (dciodvfy, leak QA 7, F2). Removed, nothing of them is left.
            $rules.Add((New-ExtraRule 'REMOVE' $tag $null $e.keyword 'names the issuer of an identifier; a Type 3 sequence: removed (zero items would be invalid)'))
            continue
        }
        if ($tag -in $script:identifierText) {
            $rules.Add((New-ExtraRule 'REPLACE' $tag (Get-Dummy 'LO') $e.keyword "identifies a document in the hospital's records; a dummy, as it is $($script:requiredText[$tag])"))
            continue
        }
        if (($why -or $tag -eq '(0008,0104)') -and $vr -ne 'SQ' -and ($optionCleans -or $everyRecipeCleans)) {
            $how = if ($everyRecipeCleans) { "$why (identifying spans become XXX)" } else { "retained and cleaned by the $Option option (identifying spans become XXX)" }
            $rules.Add((New-ExtraRule 'REPLACE' $tag 'deid_func:clean_descriptor' $e.keyword $how))
            continue
        }
        if ($tag -eq '(0008,0104)') {
            # Type 1 wherever a code is: a dummy keeps the code sequence valid; the code value and designator carry the meaning.
            $rules.Add((New-ExtraRule 'REPLACE' $tag (Get-Dummy 'LO') $e.keyword 'code meaning: free text in local coding schemes, at any depth; a dummy, as it is Type 1 (the code value stays)'))
        }
        if ($why -and $script:requiredText.Contains($tag)) {
            $rules.Add((New-ExtraRule 'REPLACE' $tag (Get-Dummy 'LO') $e.keyword "$why; a dummy, as it is $($script:requiredText[$tag])"))
            continue
        }
        # Emptied rather than removed: zero length is valid for Type 2 and Type 3 alike (dciodvfy found Type 2 ones such as
        # ContentDescription missing when they were removed), and nothing of the value is left.
        if ($why) { $rules.Add((New-ExtraRule 'BLANK' $tag $null $e.keyword $why)) }
    }

    $rules.Add((New-ExtraRule 'REMOVE' 'select:dictionary:unknown' $null 'standard-range elements PS3.6 does not know' 'not known to be safe (PS3.15 E.1.1)'))
    for ($g = 0x6000; $g -le 0x601E; $g += 2) {
        $group = $g.ToString('X4')
        $rules.Add((New-ExtraRule 'REMOVE' "select:GROUP:$group" $null "overlay group $group" 'overlay planes, their labels and descriptions: the whole group'))
    }
    return $rules
}

function Format-ExtraRules([object[]] $rules) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('')
    $lines.Add('# ---- beyond Table E.1-1: what the table does not list is removed unless known to be safe (PS3.15 E.1.1; issue 10) ----')
    $lines.Add('# kept on purpose (acquisition facts): ' + (($script:safeText.Values | ForEach-Object { ($_ -split ':')[0] }) -join ', '))
    foreach ($r in $rules) {
        $lines.Add("# $($r.Name): $($r.Why)")
        if ($r.Value) { $lines.Add("$($r.Kind) $($r.Field) $($r.Value)") } else { $lines.Add("$($r.Kind) $($r.Field)") }
    }
    return $lines
}

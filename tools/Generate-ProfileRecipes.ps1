#Requires -Version 7.0
<#
.SYNOPSIS
    Generates the shipped recipes in recipes/ from DICOM PS3.15 Table E.1-1.

.DESCRIPTION
    Reads the Basic Application Level Confidentiality Profile table (confidentiality_profile_attributes.json: one row per
    attribute with its Basic Profile action code and its code under each option) and the PS3.6 dictionary (attributes.json,
    for value representations), and writes:

      deid.dicom.basic-profile                  the Basic Profile as header actions
      deid.dicom.basic-profile.<option>         the Basic Profile with one option applied (ten recipes)
      deid.dicom                                the default: Basic Profile header + burned-in text filters
      deid.dicom.ultrasound                     the default header + ultrasound region filters
      deid.dicom.xray.chest                     the default header + chest radiograph filters

    Hand-written parts (filters, device regions) live in tools/recipe-parts/. Run it again when the standard changes:
        dotnet tool restore; dotnet pwsh tools/Generate-ProfileRecipes.ps1

    How each action code becomes a deid action (deid 0.4.12 semantics; see docs/recipe-semantics.md):
      X        REMOVE                       the attribute is deleted, at any depth
      Z        BLANK                        kept with a zero-length value
      D        REPLACE with a dummy         a constant valid for the VR (ANONYMOUS, 19000101, 000000, 0, ...), by
                                            deid_func:dummy: where the element has a value (an empty one stays empty);
                                            binary VRs have no meaningful dummy and are BLANKed; a sequence is
                                            REMOVEd (emptied, a Type 1 or 1C one is invalid), but for the ones whose
                                            items are all made of D/Z rows, kept to become dummy items (below)
      U        REPLACE deid_func:pydicom_uuid
                                            the same input UID gives the same new UID (pydicom's stable remapping),
                                            so references stay consistent; UIDs are never just removed
      Z/D, X/D, X/Z/D  as D                 the IOD type is not known to a recipe; a dummy is valid whatever the type;
                                            a sequence has no dummy: X/D and X/Z/D sequences are REMOVEd (below)
      X/Z      as Z                         zero length is valid for Type 2 and Type 3 values alike
               SQ: REMOVE                   but not for a sequence: a present Type 3 (or 1C) sequence needs 1-n items,
                                            so an emptied one makes a valid file invalid (dciodvfy: "Bad Sequence number
                                            of Items 0"); X allows removal. The sequences that are Type 2 wherever
                                            PS3.3 defines them ($type2Sequences) stay BLANK (zero items is Type 2's value)
      X/Z/U*   no action on the sequence    the UIDs it contains are replaced by their own U rows
      K        KEEP                         (options) deid's KEEP protects the element from every other action
      C        clean, by VR                 (options) DA/DT: JITTER by var:date_shift_days; TM: KEEP (a whole-day
                                            shift leaves the time of day); AE: REPLACE ANONYMOUS; text and sequences:
                                            retained, and every element containing a part of a person name found in
                                            the file is BLANKed (words:person_names); binary data: the Basic Profile
                                            action (a header recipe cannot clean pixels or opaque bytes)

    Beyond the table (tools/ProfileRecipeExtras.ps1, every recipe): file meta AE titles, presentation addresses and private
    information removed; UIDs outside the table remapped (pydicom_uuid keep_registered=true; class and syntax UIDs left;
    none in retain-uids); location URLs removed; every PN removed (select:VR:PN; the table's Z person names get a dummy so
    they stay present); free text (ST/LT/UT, LO/SH/UC named comment, description, label, ...) gone but for a short safe
    list (emptied: BLANK; CodeMeaning, Type 1, gets a dummy); unknown standard-range elements and the overlay groups
    6000-601E removed. A PN with code Z becomes a dummy and X/Z
    a REMOVE. The option recipe clean-X also gets tools/recipe-parts/option-<option>.dicom when that part exists.

    Tag patterns of the table: (50xx,xxxx), (60xx,3000), (60xx,4000) and the private-attribute row ("(gggg,eeee) where
    gggg is odd") become contains: expanders anchored on deid's 8-digit tag string, e.g. contains:^60[0-9a-f]{2}3000$.
#>
[CmdletBinding()]
param(
    [string] $StandardPath = (Join-Path $PSScriptRoot '..' '..' 'shared' 'standard'),
    [string] $OutputPath = (Join-Path $PSScriptRoot '..' 'recipes'),
    [string] $PartsPath = (Join-Path $PSScriptRoot 'recipe-parts')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$profileRows = Get-Content -Raw -LiteralPath (Join-Path $StandardPath 'confidentiality_profile_attributes.json') | ConvertFrom-Json
$dictionary = @{}
foreach ($a in (Get-Content -Raw -LiteralPath (Join-Path $StandardPath 'attributes.json') | ConvertFrom-Json)) {
    $dictionary[$a.tag.ToUpperInvariant()] = $a
}

# The options of Table E.1-1, their column and their code meaning (PS3.16 CID 7050), written into DeidentificationMethod.
$options = [ordered]@{
    'retain-long-full-dates'         = @{ Column = 'rtnLongFullDatesOpt'; Meaning = 'Retain Longitudinal Temporal Information Full Dates Option'; Temporal = 'UNMODIFIED' }
    'retain-long-modified-dates'     = @{ Column = 'rtnLongModifDatesOpt'; Meaning = 'Retain Longitudinal Temporal Information Modified Dates Option'; Temporal = 'MODIFIED' }
    'retain-patient-characteristics' = @{ Column = 'rtnPatCharsOpt'; Meaning = 'Retain Patient Characteristics Option'; Temporal = 'REMOVED' }
    'retain-device-identity'         = @{ Column = 'rtnDevIdOpt'; Meaning = 'Retain Device Identity Option'; Temporal = 'REMOVED' }
    'retain-uids'                    = @{ Column = 'rtnUIDsOpt'; Meaning = 'Retain UIDs Option'; Temporal = 'REMOVED' }
    'retain-safe-private'            = @{ Column = 'rtnSafePrivOpt'; Meaning = 'Retain Safe Private Option'; Temporal = 'REMOVED' }
    'retain-institution-identity'    = @{ Column = 'rtnInstIdOpt'; Meaning = 'Retain Institution Identity Option'; Temporal = 'REMOVED' }
    'clean-graphics'                 = @{ Column = 'cleanGraphOpt'; Meaning = 'Clean Graphics Option'; Temporal = 'REMOVED' }
    'clean-structured-content'       = @{ Column = 'cleanStructContOpt'; Meaning = 'Clean Structured Content Option'; Temporal = 'REMOVED' }
    'clean-descriptors'              = @{ Column = 'cleanDescOpt'; Meaning = 'Clean Descriptors Option'; Temporal = 'REMOVED' }
}
$basicMeaning = 'Basic Application Confidentiality Profile'

# A constant that is valid for each VR (PS3.5 Table 6.2-1): the "dummy value" of code D. A person name is a family name
# with its component delimiter, ANONYMOUS^: a name without any caret is the retired ACR-NEMA form to dciodvfy, which warned of
# it in every output whose input had a FAMILY^GIVEN name.
$dummies = @{
    AE = 'ANONYMOUS'; AS = '000Y'; CS = 'ANONYMOUS'; DA = '19000101'; DS = '0'; DT = '19000101000000'; IS = '0'
    LO = 'ANONYMOUS'; LT = 'ANONYMOUS'; PN = 'ANONYMOUS^'; SH = 'ANONYMOUS'; ST = 'ANONYMOUS'; TM = '000000'
    UC = 'ANONYMOUS'; UR = 'https://anonymous.invalid'; UT = 'ANONYMOUS'
    FL = '0'; FD = '0'; SL = '0'; SS = '0'; UL = '0'; US = '0'; SV = '0'; UV = '0'
}
# The dummy is written by deid_func:dummy (ours), where the element has a value: an empty one stays empty. A literal REPLACE
# wrote it there too, and a CT without contrast came out with Contrast/Bolus Agent "ANONYMOUS" (gdcmanon as referee).
function Get-Dummy([string] $vr) { "deid_func:dummy value=$($dummies[$vr])" }
$uidFunction = 'deid_func:pydicom_uuid'
$dateShift = 'var:date_shift_days'
. (Join-Path $PSScriptRoot 'ProfileRecipeExtras.ps1')

function Get-FieldText([object] $row) {
    $tag = $row.tag.ToUpperInvariant()
    if ($tag -match '^\(([0-9A-F]{4}),([0-9A-F]{4})\)$') { return $tag }
    if ($tag -like '*WHERE GGGG IS ODD*') { return 'contains:^[0-9a-f]{3}[13579bdf][0-9a-f]{4}$' }
    if ($tag -match '^\(([0-9A-FX]{4}),([0-9A-FX]{4})\)$') {
        $hex = ($Matches[1] + $Matches[2]).ToLowerInvariant()
        $pattern = [regex]::Replace($hex, 'x+', { param($m) "[0-9a-f]{$($m.Value.Length)}" })
        return "contains:^$pattern`$"
    }
    throw "Table E.1-1 tag '$($row.tag)' has a form the generator does not know."
}

function Get-VR([object] $row) {
    $entry = $dictionary[$row.tag.ToUpperInvariant()]
    if ($null -eq $entry) { return $(if ($row.basicProfile -eq 'U') { 'UI' } else { '??' }) }
    return $entry.valueRepresentation
}

function New-Rule([string] $kind, [object] $row, [string] $value, [string] $why) {
    [pscustomobject]@{ Kind = $kind; Field = (Get-FieldText $row); Value = $value; Name = ($row.name -replace '\s+', ' ').Trim(); Tag = $row.tag.ToUpperInvariant(); Why = $why }
}

# Sequences that are Type 2 in every module of PS3.3 that holds them, so an X/Z may not remove them: Acquisition Context
# Sequence (C.7.6.14 Acquisition Context Module). Every other X/Z sequence of Table E.1-1 is Type 3 where PS3.3 defines it.
$type2Sequences = @('(0040,0555)')

# X attributes whose type depends on where they stand: removed where PS3.3 allows it, emptied where it makes them Type 2 or 2C,
# by deid_func:remove_or_empty (ours; src/Deid/Actions/RemoveOrEmpty.cs says where each must stay). Removed everywhere, they made
# reports and RT objects invalid:
# - Referenced Performed Procedure Step Sequence: Type 3 in General Series (every image; a present sequence needs its item, so it
#   cannot be emptied), Type 2 in SR and Key Object Document Series (PS3.3 C.17.1, C.17.6.1);
# - Requested Procedure ID: Type 2 in the items of an SR's or key object's Referenced Request Sequence (C.17.2, C.17.6.2; leak QA 7, F4);
# - Reviewer Name: Type 2C in the Approval module of an approved or rejected RT object (C.8.8.16; leak QA 7, F5).
$typeDependentRemovals = @('(0008,1111)', '(0040,1001)', '(300E,0008)')

# X attributes that are Type 1 wherever PS3.3 uses them: Presentation Creation Date and Time (C.11.10 Presentation State
# Identification). Removed, every presentation state became invalid (leak QA 7, F6); a dummy keeps nothing of the value, as X asks.
$type1Removed = @('(0070,0082)', '(0070,0083)')

# D sequences whose items are made only of attributes with rows of their own (PS3.3 C.17.2 SR Document General: Verifying
# Observer Sequence holds Verifying Observer Name, Verifying Organization and Verification DateTime, each D, and Verifying
# Observer Identification Code Sequence, Z): kept, so that each item becomes a dummy item through those rows. Emptied, the
# sequence broke every verified SR (Type 1C; dciodvfy on pydicom's test-SR.dcm). Other D sequences hold codes or content
# the table does not name (a person's identification code value) and are emptied.
$dummyItemSequences = @('(0040,A073)')

function Get-DummyRule([object] $row, [string] $code) {
    $vr = Get-VR $row
    if ($vr -eq 'SQ' -and $row.tag.ToUpperInvariant() -in $dummyItemSequences) {
        return New-Rule 'NONE' $row $null "$code, kept: each attribute of its items has its own row, so every item becomes a dummy item (emptied, the Type 1C sequence is invalid)"
    }
    # X/D and X/Z/D on a sequence: no dummy item exists, and an emptied Type 3 sequence is invalid where removal is allowed.
    if ($vr -eq 'SQ' -and $code -like 'X*') { return New-Rule 'REMOVE' $row $null "$code, a sequence has no dummy and X allows removal (an empty Type 3 sequence is invalid)" }
    if ($vr -eq 'UI') { return New-Rule 'REPLACE' $row $uidFunction "$code, a UID" }
    if ($dummies.ContainsKey($vr)) { return New-Rule 'REPLACE' $row (Get-Dummy $vr) "$code, dummy $vr where there is a value" }
    # A D sequence with no dummy item: removed rather than emptied. Zero items is invalid wherever a sequence must be present
    # (Type 1, and Type 1C while its condition holds), while its absence is valid where the condition fails with it (an SR
    # whose root has no children needs no Content Sequence; dciodvfy on pydicom's test-SR.dcm and reportsi.dcm).
    if ($vr -eq 'SQ') { return New-Rule 'REMOVE' $row $null "$code, a sequence with no dummy item: removed (an emptied Type 1 or 1C sequence is invalid)" }
    return New-Rule 'BLANK' $row $null "$code, $vr has no dummy"
}

function Get-BasicRule([object] $row) {
    $code = $row.basicProfile
    $tag = $row.tag.ToUpperInvariant()
    if ($tag -in $typeDependentRemovals) {
        return New-Rule 'REPLACE' $row 'deid_func:remove_or_empty' "$code, removed where PS3.3 allows it, emptied where it is Type 2 or 2C (SR and key object documents, approved RT objects)"
    }
    if ($tag -eq '(0042,0011)') {
        # Encapsulated Document, D and Type 1: a binary value has no dummy, and emptied the document made every PDF and CDA
        # invalid (leak QA 7, F3). deid_func:dummy_document (ours) writes a valid empty document of the file's MIME type.
        return New-Rule 'REPLACE' $row 'deid_func:dummy_document' "$code, a valid empty document of the file's MIME type (an empty Type 1 value is invalid)"
    }
    if ($tag -in $type1Removed) {
        $vr = Get-VR $row
        return New-Rule 'REPLACE' $row (Get-Dummy $vr) "$code, but Type 1 in every presentation state: dummy $vr"
    }
    if ((Get-VR $row) -eq 'PN') {
        # Every PN is removed by select:VR:PN (ProfileRecipeExtras.ps1). Z allows a dummy (PS3.15 E.1.1): a REPLACE keeps the
        # Type 2 names present, and REPLACE protects from REMOVE. X/Z may remove.
        if ($code -eq 'Z') { return New-Rule 'REPLACE' $row (Get-Dummy 'PN') 'Z, dummy PN (a Z may be a dummy; a plain BLANK would be removed by select:VR:PN)' }
        if ($code -eq 'X/Z') { return New-Rule 'REMOVE' $row $null 'X/Z, removed as every other person name' }
    }
    switch ($code) {
        'X' { return New-Rule 'REMOVE' $row $null 'X' }
        'Z' { return New-Rule 'BLANK' $row $null 'Z' }
        'X/Z' {
            if ((Get-VR $row) -eq 'SQ' -and $row.tag.ToUpperInvariant() -notin $type2Sequences) {
                return New-Rule 'REMOVE' $row $null 'X/Z, a Type 3 sequence: removed (zero items would be invalid)'
            }
            return New-Rule 'BLANK' $row $null 'X/Z'
        }
        'U' { return New-Rule 'REPLACE' $row $uidFunction 'U' }
        'X/Z/U*' { return New-Rule 'NONE' $row $null 'X/Z/U*, kept; the UIDs it holds are replaced by their own rows' }
        { $_ -in 'D', 'Z/D', 'X/D', 'X/Z/D' } { return Get-DummyRule $row $code }
        default { throw "Unknown Basic Profile code '$code' for $($row.tag) $($row.name)." }
    }
}

function Get-Rule([object] $row, [string] $column) {
    $optionCode = if ($column) { $row.PSObject.Properties[$column]?.Value } else { $null }
    if (-not $optionCode) { return Get-BasicRule $row }
    if ($optionCode -eq 'K' -and (Get-VR $row) -eq 'SQ') {
        # deid's KEEP of a sequence shields everything inside it (names nested in a kept reference sequence would survive):
        # the sequence is kept by taking no action on it, and its content follows its own rows.
        return New-Rule 'NONE' $row $null 'K, kept by no action: a KEEP would shield the names and text nested in it'
    }
    if ($optionCode -eq 'K') { return New-Rule 'KEEP' $row $null 'K' }
    if ($optionCode -ne 'C') { throw "Unknown option code '$optionCode' for $($row.tag) $($row.name)." }
    $vr = Get-VR $row
    if ($row.tag -like '*WHERE GGGG IS ODD*' -and $column -eq 'rtnSafePrivOpt') {
        $rule = New-Rule 'REMOVE' $row $null 'C: PS3.15 Table E.3.10-1 safe private attributes (and those the file declares safe in (0008,0300)) kept with their creators, the rest removed'
        $rule.Field = 'select:private:unsafe'
        return $rule
    }
    if ($row.tag -match '^\(60XX,') {
        # Overlay Comments, C under Clean Graphics: every recipe removes each overlay group whole (its data, C too, is a bitmap
        # a header recipe cannot clean), and a comment kept cleaned was left describing an overlay no longer there (leak QA 8, F3).
        $basic = Get-BasicRule $row
        $basic.Why = "C, but the overlay it belongs to is removed whole (its data cannot be cleaned by a header recipe): $($basic.Why)"
        return $basic
    }
    if ($row.tag -like '*WHERE GGGG IS ODD*') {
        $basic = Get-BasicRule $row
        $basic.Why = 'C, but which private attributes are safe is not in the table: add KEEP lines for them (KEEP wins)'
        return $basic
    }
    switch -Regex ($vr) {
        '^(DA|DT)$' { return New-Rule 'JITTER' $row $dateShift "C, $vr shifted" }
        '^TM$' { return New-Rule 'KEEP' $row $null 'C, a time of day is unchanged by a whole-day shift' }
        '^AE$' { return New-Rule 'REPLACE' $row (Get-Dummy 'AE') 'C, AE title replaced' }
        '^(LO|LT|ST|UT|UC)$' {
            # Free text the option retains (Allergies, Special Needs, Patient State, Pre-Medication for Retain Patient
            # Characteristics) holds whatever was typed: IDs, dates, other people's names. Cleaned as Clean Descriptors cleans,
            # unless a clean option's own part already does (its tools/recipe-parts file).
            if ($column -notin 'cleanDescOpt', 'cleanGraphOpt', 'cleanStructContOpt') {
                return New-Rule 'REPLACE' $row 'deid_func:clean_descriptor' "C, $vr retained with its names, IDs, dates and identifying values replaced by XXX (deid_func:clean_descriptor)"
            }
            return New-Rule 'CLEAN' $row $null "C, $vr retained; person names found in the file are blanked"
        }
        # SH under Retain Modified Dates: Timezone Offset From UTC, which a whole-day shift leaves true: kept, and said so, so
        # that Test-DeidOutput -Recipe knows it is retained on purpose. Under the clean options SH text is cleaned.
        '^SH$' {
            if ($column -eq 'rtnLongModifDatesOpt') { return New-Rule 'KEEP' $row $null 'C, SH retained: a value a whole-day shift leaves true' }
            return New-Rule 'CLEAN' $row $null "C, $vr retained; person names found in the file are blanked"
        }
        '^(SQ|CS|PN)$' { return New-Rule 'CLEAN' $row $null "C, $vr retained; person names found in the file are blanked" }
        default {
            $basic = Get-BasicRule $row
            $basic.Why = "C, but $vr data cannot be cleaned by a header recipe: $($basic.Why)"
            return $basic
        }
    }
}

# Whether an option retains text it cleans (CLEAN rows, or text handed to a deid_func:clean_* function): such a recipe gets the
# person_names group and the person-name net.
function Test-CleansText([object[]] $rules) {
    return @($rules | Where-Object { $_.Kind -eq 'CLEAN' -or ($_.Kind -eq 'REPLACE' -and $_.Value -like 'deid_func:clean_*') }).Count -gt 0
}

function Get-TagKey([object] $rule) {
    # Sort concrete tags numerically and patterns last.
    if ($rule.Tag -match '^\(([0-9A-F]{4}),([0-9A-F]{4})\)$') { return '0' + $Matches[1] + $Matches[2] }
    return '1' + $rule.Tag
}

function Format-Header([object[]] $rules, [string] $method, [string] $temporal, [object[]] $extras, [string] $optionPart) {
    $order = 'KEEP', 'REPLACE', 'JITTER', 'BLANK', 'REMOVE', 'CLEAN', 'NONE'
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add('%header')
    foreach ($kind in $order) {
        $group = @($rules | Where-Object Kind -EQ $kind | Sort-Object { Get-TagKey $_ })
        if ($group.Count -eq 0) { continue }
        $lines.Add('')
        $lines.Add("# ---- $(switch ($kind) { 'KEEP' { 'kept (K)' } 'REPLACE' { 'replaced (U: consistent new UIDs; D: dummy values)' } 'JITTER' { 'dates shifted (C); a date that cannot be shifted is removed' } 'BLANK' { 'emptied (Z)' } 'REMOVE' { 'removed (X)' } 'CLEAN' { 'retained and cleaned (C)' } 'NONE' { 'no action' } }) ----")
        foreach ($r in $group) {
            $lines.Add("# $($r.Tag) $($r.Name): $($r.Why)")
            switch ($kind) {
                { $_ -in 'CLEAN', 'NONE' } { break }
                'JITTER' {
                    # A REMOVE beside the JITTER: JITTER wins where it shifts the date; a value it cannot shift (a partial
                    # date-time, a range, an impossible date) would otherwise stay as the original, so it is removed once all
                    # actions have run, with a warning (docs/recipe-semantics.md section 4). An empty value stays.
                    $lines.Add("$kind $($r.Field) $($r.Value)")
                    $lines.Add("REMOVE $($r.Field)")
                    break
                }
                'REPLACE' { $lines.Add("$kind $($r.Field) $($r.Value)"); break }
                default { $lines.Add("$kind $($r.Field)") }
            }
        }
    }
    if ($optionPart -and (Test-Path -LiteralPath (Join-Path $PartsPath $optionPart))) {
        # A part of the option's own (tools/recipe-parts/option-<option>.dicom, written by whoever implements the option):
        # its %header lines go before the person-name BLANK, so the option's cleaning functions see descriptors whole (a
        # BLANK first would empty every value holding a name part, content and all).
        $lines.Add('')
        $lines.Add("# ---- from tools/recipe-parts/$optionPart ----")
        $lines.AddRange([string[]](@(Get-Part $optionPart | Where-Object { $_ -ne '%header' })))
    }
    # Free text beyond the table that the option retains, cleaned: also before the person-name BLANK, for the same reason.
    $cleanedExtras = @($extras | Where-Object { $_.Value -like 'deid_func:clean_*' })
    if ($cleanedExtras.Count -gt 0) {
        $lines.Add('')
        $lines.Add('# ---- beyond Table E.1-1: text kept and cleaned, identifying spans made XXX (issue 10, class 5; leak QA 8) ----')
        foreach ($r in $cleanedExtras) {
            $lines.Add("# $($r.Name): $($r.Why)")
            $lines.Add("$($r.Kind) $($r.Field) $($r.Value)")
        }
    }
    if (Test-CleansText $rules) {
        $lines.Add('')
        $lines.Add('# ---- cleaning: any element whose value holds a part of a person name of this file, as a word of its own, is emptied ----')
        $lines.Add('# (words: is a Deid.PowerShell expander; deid''s values: would also match MARY inside ORIGINAL\PRIMARY)')
        $lines.Add('BLANK words:person_names')
    }
    $lines.AddRange([string[]](Format-ExtraRules @($extras | Where-Object { $_.Value -notlike 'deid_func:clean_*' })))
    $lines.Add('')
    $lines.Add('# ---- what was done, recorded in the file (PS3.15 E.1.1) ----')
    $lines.Add('ADD PatientIdentityRemoved YES')
    $lines.Add("ADD DeidentificationMethod $method")
    $lines.Add("ADD LongitudinalTemporalInformationModified $temporal")
    return $lines
}

$personNames = @(
    '%values person_names'
    '# Parts (3 letters or more) of the names of the patient and referring physician, split at the ^ between components.'
    'SPLIT PatientName by="^";minlength=3'
    'SPLIT PatientBirthName by="^";minlength=3'
    'SPLIT PatientMotherBirthName by="^";minlength=3'
    'SPLIT ReferringPhysicianName by="^";minlength=3'
)

function Write-Recipe([string] $name, [string[]] $banner, [string[]] $body) {
    $text = [System.Text.StringBuilder]::new()
    foreach ($line in $banner) { [void]$text.Append('# ').Append($line.TrimEnd()).Append("`n") }
    [void]$text.Append("`nFORMAT dicom`n")
    foreach ($line in $body) { [void]$text.Append($line).Append("`n") }
    $path = Join-Path $OutputPath "deid.$name"
    [System.IO.File]::WriteAllText($path, $text.ToString(), [System.Text.UTF8Encoding]::new($false))
    Write-Verbose "wrote $path"

}

function Get-Part([string] $file) {
    (Get-Content -LiteralPath (Join-Path $PartsPath $file)) -replace '\s+$', ''
}

function Get-RegionLabels {
    $rows = Import-Csv -LiteralPath (Join-Path $PartsPath 'burned-in-regions.csv')
    $out = [System.Collections.Generic.List[string]]::new()
    foreach ($r in $rows) {
        $what = @($r.modality, $r.manufacturer, $r.model) | Where-Object { $_ } | ForEach-Object { $_ -replace '\|', ' or ' }
        $size = if ($r.rows -and $r.columns) { " $($r.columns)x$($r.rows)" } elseif ($r.rows) { " $($r.rows) rows" } else { '' }
        $extra = @($r.series_description, $r.image_type) | Where-Object { $_ } | ForEach-Object { $_ -replace '\|', ' or ' }
        $label = ($what -join ' ') + $size + $(if ($extra) { ', ' + ($extra -join ', ') } else { '' }) + " (source: $($r.source))"
        $out.Add('')
        $out.Add("LABEL $label")
        $out.Add("  contains Modality ^($($r.modality))`$")
        if ($r.manufacturer) { $out.Add("  + contains Manufacturer $($r.manufacturer)") }
        if ($r.model) { $out.Add("  + contains ManufacturerModelName $($r.model)") }
        if ($r.rows) { $out.Add("  + equals Rows $($r.rows)") }
        if ($r.columns) { $out.Add("  + equals Columns $($r.columns)") }
        if ($r.image_type) { $out.Add("  + contains ImageType $($r.image_type)") }
        if ($r.series_description) { $out.Add("  + contains SeriesDescription $($r.series_description)") }
        if ($r.burned_in) { $out.Add("  + contains BurnedInAnnotation ^$($r.burned_in.ToLowerInvariant())`$") }
        if ($r.also_field) { $out.Add("  + contains $($r.also_field) $($r.also_value)") }
        foreach ($region in $r.regions -split ';') { $out.Add("  ctpcoordinates $region") }
    }
    return $out
}

New-Item -ItemType Directory -Force -Path $OutputPath | Out-Null
$generatedBy = 'GENERATED by tools/Generate-ProfileRecipes.ps1 from DICOM PS3.15 Table E.1-1; edit the generator or tools/recipe-parts, not this file.'
$codes = 'Action codes become deid actions as docs/recipe-semantics.md describes (X REMOVE, Z BLANK, D dummy, U consistent new UID).'

# The Basic Profile and its options.
$basicRules = @($profileRows | ForEach-Object { Get-BasicRule $_ })
$extraRules = Get-ExtraRules $dictionary $profileRows
Write-Recipe 'dicom.basic-profile' @(
    "Deid.PowerShell recipe 'dicom.basic-profile': the PS3.15 Basic Application Level Confidentiality Profile.",
    $generatedBy, $codes
) (@('') + (Format-Header $basicRules $basicMeaning 'REMOVED' $extraRules))

foreach ($key in $options.Keys) {
    $o = $options[$key]
    $rules = @($profileRows | ForEach-Object { Get-Rule $_ $o.Column })
    $body = [System.Collections.Generic.List[string]]::new()
    $body.Add('')
    if (Test-CleansText $rules) {
        $body.AddRange([string[]]$personNames)
        $body.Add('')
    }
    $extras = Get-ExtraRules $dictionary $profileRows -RetainUids:($key -eq 'retain-uids') -Option $key
    $body.AddRange([string[]](Format-Header $rules "$basicMeaning\$($o.Meaning)" $o.Temporal $extras "option-$key.dicom"))
    $notes = @()
    if ($key -eq 'retain-long-modified-dates') { $notes += 'Dates are shifted by the variable date_shift_days (a whole number, the same for all files of a patient); give it for every file: without it (and for a value no shift applies to: a partial date-time, a range) a date is removed, where deid would leave it unchanged.' }
    if ($key -eq 'retain-safe-private') { $notes += 'Private attributes: those of PS3.15 Table E.3.10-1 and those the file itself declares safe in its Private Data Element Characteristics Sequence (0008,0300) are kept with their creators (select:private:unsafe removes the rest); add KEEP lines for others you know to be safe.' }
    if ($key -eq 'retain-uids') { $notes += 'UIDs outside Table E.1-1 are retained too (no remapping of UI or UR values).' }
    Write-Recipe "dicom.basic-profile.$key" (@(
        "Deid.PowerShell recipe 'dicom.basic-profile.$key': the PS3.15 Basic Profile with the $($o.Meaning).",
        $generatedBy, $codes) + $notes) $body
}

# The default recipe and the ones built on its header.
$defaultHeader = Format-Header $basicRules "$basicMeaning\Deid.PowerShell default recipe" 'REMOVED' $extraRules
$regions = Get-RegionLabels
$defaultFilters = foreach ($line in (Get-Part 'default-filters.dicom')) { if ($line -eq '@REGIONS@') { $regions } else { $line } }
Write-Recipe 'dicom' @(
    "Deid.PowerShell recipe 'dicom', the default: every attribute of PS3.15 Table E.1-1 handled as the Basic Profile handles it,",
    'UIDs replaced consistently (never just removed), and filters that flag images likely to carry burned-in text.',
    $generatedBy, $codes
) (@('') + $defaultFilters + @('') + $defaultHeader)

Write-Recipe 'dicom.ultrasound' @(
    "Deid.PowerShell recipe 'dicom.ultrasound': the default header actions, and filters that keep only the calibrated",
    'ultrasound regions of an image. Complete on its own: do not add the default recipe as a base.',
    $generatedBy, $codes
) (@('') + (Get-Part 'ultrasound-filters.dicom') + @('') + $defaultHeader)

Write-Recipe 'dicom.xray.chest' @(
    "Deid.PowerShell recipe 'dicom.xray.chest': the default header actions, and filters that accept chest radiographs",
    'and flag anything else. Complete on its own: do not add the default recipe as a base.',
    $generatedBy, $codes
) (@('') + (Get-Part 'xray-chest-filters.dicom') + @('') + $defaultHeader)

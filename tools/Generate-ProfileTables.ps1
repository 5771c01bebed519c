#Requires -Version 7.0
<#
.SYNOPSIS
    Generates src/Deid/Profile/ProfileTables.Generated.cs: the PS3.15/PS3.16 tables the profile options need at run time.

.DESCRIPTION
    Reads from ../shared/standard:
      structured_content_concepts.tsv         PS3.15 Table E.3.4-1 (Clean Structured Content Option): per content item concept
                                              name code and value type, the Basic Profile action and each option's action,
                                              retired SNOMED designators (SRT, SNM3, 99SDM) included as rows of their own
      deidentification_method_codes.tsv       PS3.16 CID 7050, the codes of De-identification Method Code Sequence (0012,0064)
      confidentiality_profile_attributes.json PS3.15 Table E.1-1: the attributes whose values identify (all rows with a single
                                              tag, except the descriptors the Clean Descriptors Option cleans and the UIDs)
    The module must not read ../shared at run time, so the rows are written as C# arrays.

    It also writes the option parts of the shipped recipes, tools/recipe-parts/option-<option>.dicom (tools/Generate-ProfileRecipes.ps1
    adds their %header lines to that option's recipe), from the rows of Table E.1-1 that the option marks C:
      clean-descriptors         REPLACE <attribute> deid_func:clean_descriptor          text and sequences (code meanings inside)
      clean-structured-content  REPLACE <sequence> deid_func:clean_structured_content   Content, Acquisition Context, Specimen Preparation
      clean-graphics            REPLACE <attribute> deid_func:clean_descriptor          Graphic Annotation Sequence, Overlay Comments
    Binary C rows (Maker Note, Overlay Data, Curve Data) keep the Basic Profile action: a header recipe cannot clean their bytes.
    Run it again when the standard changes:
        dotnet tool restore; dotnet pwsh tools/Generate-ProfileTables.ps1
#>
[CmdletBinding()]
param(
    [string] $StandardPath = (Join-Path $PSScriptRoot '..' '..' 'shared' 'standard'),
    [string] $OutputPath = (Join-Path $PSScriptRoot '..' 'src' 'Deid' 'Profile' 'ProfileTables.Generated.cs')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Get-Sha256([string] $path) { (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash.ToLowerInvariant() }

function Read-Tsv([string] $path, [string[]] $expectedHeader) {
    $lines = [System.IO.File]::ReadAllLines($path)
    $header = $lines[0].Split("`t")
    if (($header -join ',') -ne ($expectedHeader -join ',')) { throw "$path header is '$($header -join ',')'; expected '$($expectedHeader -join ',')'" }
    $rows = for ($i = 1; $i -lt $lines.Length; $i++) {
        if ($lines[$i] -eq '') { continue }
        $cols = $lines[$i].Split("`t")
        if ($cols.Length -ne $header.Length) { throw "$path line $($i + 1) has $($cols.Length) columns; expected $($header.Length)" }
        , $cols
    }
    return , @($rows)
}

function Get-Literal([string] $text) { '"' + $text.Replace('\', '\\').Replace('"', '\"') + '"' }

$conceptsPath = Join-Path $StandardPath 'structured_content_concepts.tsv'
$codesPath = Join-Path $StandardPath 'deidentification_method_codes.tsv'
$profilePath = Join-Path $StandardPath 'confidentiality_profile_attributes.json'

# The option columns of Table E.3.4-1, in the order StructuredContentConcept reads them.
$conceptHeader = 'coding_scheme_designator', 'code_value', 'value_type', 'code_meaning', 'basic_profile', 'retain_uids',
'retain_device_identity', 'retain_institution_identity', 'retain_patient_characteristics', 'retain_long_full_dates',
'retain_long_modified_dates', 'clean_descriptors', 'note'
$concepts = Read-Tsv $conceptsPath $conceptHeader
$validBasic = 'X', 'D', 'X/D', 'Z', 'Z/D', 'X/Z', 'X/Z/D', 'U'
$validValueTypes = 'TEXT', 'CODE', 'NUM', 'DATETIME', 'DATE', 'TIME', 'UIDREF', 'PNAME', 'COMPOSITE', 'IMAGE', 'WAVEFORM', 'SCOORD', 'SCOORD3D', 'TCOORD', 'CONTAINER', 'TABLE'
$seen = @{}
foreach ($c in $concepts) {
    if ($c[4] -notin $validBasic) { throw "Table E.3.4-1 row $($c[0]) $($c[1]) $($c[2]): Basic Profile action '$($c[4])' is not known." }
    if ($c[2] -notin $validValueTypes) { throw "Table E.3.4-1 row $($c[0]) $($c[1]): value type '$($c[2])' is not known." }
    for ($k = 5; $k -le 11; $k++) { if ($c[$k] -notin '', 'K', 'C') { throw "Table E.3.4-1 row $($c[0]) $($c[1]): option action '$($c[$k])' is not K or C." } }
    $key = "$($c[0])|$($c[1])|$($c[2])"
    if ($seen.ContainsKey($key)) { throw "Table E.3.4-1 row $key occurs twice." }
    $seen[$key] = $true
}

$codes = Read-Tsv $codesPath @('code_value', 'coding_scheme_designator', 'code_meaning')

$profileRows = Get-Content -Raw -LiteralPath $profilePath | ConvertFrom-Json
$identifying = [System.Collections.Generic.SortedSet[uint32]]::new()
$listed = [System.Collections.Generic.SortedSet[uint32]]::new()
foreach ($r in $profileRows) {
    if ($r.tag -notmatch '^\(([0-9A-Fa-f]{4}),([0-9A-Fa-f]{4})\)$') { continue }
    [void]$listed.Add([Convert]::ToUInt32($Matches[1] + $Matches[2], 16))
    if ($r.basicProfile -eq 'U') { continue }
    if ($r.PSObject.Properties['cleanDescOpt'] -and $r.cleanDescOpt -eq 'C') { continue }
    # The free text Retain Patient Characteristics keeps and cleans (Special Needs, Patient State, Pre-Medication) is a
    # descriptor too: its value is not an identifier to strike from other text (nor, cleaned, from itself).
    if ($r.PSObject.Properties['rtnPatCharsOpt'] -and $r.rtnPatCharsOpt -eq 'C') { continue }
    [void]$identifying.Add([Convert]::ToUInt32($Matches[1] + $Matches[2], 16))
}

$attributesPath = Join-Path $StandardPath 'attributes.json'
$vrs = @{}
foreach ($a in (Get-Content -Raw -LiteralPath $attributesPath | ConvertFrom-Json)) { $vrs[$a.tag.ToUpperInvariant()] = $a.valueRepresentation }

function Get-PartField([object] $row) {
    $tag = $row.tag.ToUpperInvariant()
    if ($tag -match '^\(([0-9A-F]{4}),([0-9A-F]{4})\)$') { return $tag }
    if ($tag -match '^\(([0-9A-FX]{4}),([0-9A-FX]{4})\)$') {
        $hex = ($Matches[1] + $Matches[2]).ToLowerInvariant()
        return 'contains:^' + [regex]::Replace($hex, 'x+', { param($m) "[0-9a-f]{$($m.Value.Length)}" }) + '$'
    }
    return $null
}

$parts = [ordered]@{
    'clean-descriptors'        = @{ Column = 'cleanDescOpt'; Function = 'clean_descriptor'; Why = 'Clean Descriptors Option (PS3.15 E.3.5): the descriptor keeps its content; names, IDs, dates and the values of the file''s identifying attributes become XXX' }
    'clean-structured-content' = @{ Column = 'cleanStructContOpt'; Function = 'clean_structured_content'; Why = 'Clean Structured Content Option (PS3.15 E.3.4): Table E.3.4-1 per content item, other free text cleaned, the tree kept valid' }
    'clean-graphics'           = @{ Column = 'cleanGraphOpt'; Function = 'clean_descriptor'; Why = 'Clean Graphics Option (PS3.15 E.3.3): annotations kept, their text cleaned as descriptors are' }
}
$partsPath = Join-Path $PSScriptRoot 'recipe-parts'
foreach ($name in $parts.Keys) {
    $p = $parts[$name]
    $lines = [System.Collections.Generic.List[string]]::new()
    $lines.Add("# GENERATED by tools/Generate-ProfileTables.ps1 from PS3.15 Table E.1-1 (the rows the option marks C); do not edit.")
    $lines.Add("# $($p.Why).")
    $lines.Add('# deid_func:clean_* are Deid.PowerShell extensions (docs/recipe-semantics.md section 8); deid 0.4.12 does not know them.')
    $lines.Add('%header')
    foreach ($r in ($profileRows | Where-Object { $_.PSObject.Properties[$p.Column] -and $_.($p.Column) -eq 'C' } | Sort-Object tag)) {
        $vr = $vrs[$r.tag.ToUpperInvariant()]
        # Overlay Comments: every recipe removes an overlay group whole (Generate-ProfileRecipes.ps1), comments and all.
        if ($r.tag -match '^\(60XX,') { continue }
        if ($vr -notin 'LO', 'SH', 'ST', 'LT', 'UT', 'UC', 'CS', 'SQ') { continue }
        if ($p.Function -eq 'clean_structured_content' -and $vr -ne 'SQ') { continue }
        $field = Get-PartField $r
        if ($null -eq $field) { continue }
        $lines.Add("# $($r.tag.ToUpperInvariant()) $(($r.name -replace '\s+', ' ').Trim()), $vr")
        $lines.Add("REPLACE $field deid_func:$($p.Function)")
    }
    [System.IO.File]::WriteAllText((Join-Path $partsPath "option-$name.dicom"), ($lines -join "`n") + "`n", [System.Text.UTF8Encoding]::new($false))
}

$sb = [System.Text.StringBuilder]::new()
[void]$sb.Append(@"
// <auto-generated>
//   PS3.15 Table E.3.4-1, PS3.16 CID 7050 and the identifying attributes of PS3.15 Table E.1-1.
//   Generated by tools/Generate-ProfileTables.ps1 from:
//     structured_content_concepts.tsv (sha256 $(Get-Sha256 $conceptsPath), $($concepts.Count) rows)
//     deidentification_method_codes.tsv (sha256 $(Get-Sha256 $codesPath), $($codes.Count) rows)
//     confidentiality_profile_attributes.json (sha256 $(Get-Sha256 $profilePath), $($profileRows.Count) rows)
//   Do not edit: change the generator or its input and run it again.
// </auto-generated>

namespace Deid.Profile
{
    internal static partial class StructuredContentTable
    {
        // Coding scheme designator, code value, value type, code meaning, then the actions: Basic Profile, Retain UIDs, Retain Device
        // Identity, Retain Institution Identity, Retain Patient Characteristics, Retain Longitudinal Full Dates, Retain Longitudinal
        // Modified Dates, Clean Descriptors ("" where the option does not change the Basic Profile action).
        private static readonly string[][] Rows =
        {

"@)
foreach ($c in $concepts) {
    $cells = for ($k = 0; $k -le 11; $k++) { Get-Literal $c[$k] }
    [void]$sb.Append("            new[] { $($cells -join ', ') },`n")
}
[void]$sb.Append(@"
        };
    }

    internal static partial class DeidentificationMethodCodes
    {
        // Code value, coding scheme designator, code meaning (PS3.16 CID 7050).
        private static readonly string[][] Rows =
        {

"@)
foreach ($c in $codes) { [void]$sb.Append("            new[] { $(Get-Literal $c[0]), $(Get-Literal $c[1]), $(Get-Literal $c[2]) },`n") }
[void]$sb.Append(@"
        };
    }

    internal static partial class IdentifyingAttributes
    {
        // Tags of Table E.1-1 rows with a single tag, except UIDs (U) and the descriptors the Clean Descriptors Option cleans (C).
        private static readonly uint[] Tags =
        {

"@)
$tags = @($identifying)
for ($i = 0; $i -lt $tags.Count; $i += 8) {
    $line = ($tags[$i..([Math]::Min($i + 7, $tags.Count - 1))] | ForEach-Object { '0x{0:X8}' -f $_ }) -join ', '
    [void]$sb.Append("            $line,`n")
}
[void]$sb.Append(@"
        };
    }

    internal static partial class ListedAttributes
    {
        // Tags of every Table E.1-1 row with a single tag, whatever its action (UIDs and descriptors included).
        private static readonly uint[] Tags =
        {

"@)
$tags = @($listed)
for ($i = 0; $i -lt $tags.Count; $i += 8) {
    $line = ($tags[$i..([Math]::Min($i + 7, $tags.Count - 1))] | ForEach-Object { '0x{0:X8}' -f $_ }) -join ', '
    [void]$sb.Append("            $line,`n")
}
[void]$sb.Append(@"
        };
    }
}

"@)
New-Item -ItemType Directory -Force -Path (Split-Path $OutputPath) | Out-Null
[System.IO.File]::WriteAllText($OutputPath, $sb.ToString().Replace("`r`n", "`n"), [System.Text.UTF8Encoding]::new($false))
Write-Verbose "wrote $OutputPath"

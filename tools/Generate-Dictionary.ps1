#Requires -Version 7.0
<#
.SYNOPSIS
    Generates the DICOM data dictionary, private dictionary and UID tables of Deid.Dicom.

.DESCRIPTION
    Reads the three files of the DICOM standard extract (attributes.json: the PS3.6 data dictionary;
    private_dictionary.tsv: vendors' private tags; uids.tsv: the PS3.6 UID registry), checks them, and
    writes src/Deid.Dicom/Dictionary/*.Generated.cs. Each generated file holds one compact text table in a
    raw string literal (one row a line) that the hand-written partial classes parse once, at first use; and
    DicomTags.Generated.cs names the tag of every keyword of attributes.json (DicomTags.PatientName).

    The output depends only on the input: rows are sorted with ordinal comparisons and unique keys, lines
    end in LF, files are UTF-8 without BOM, and nothing time- or machine-dependent is written. Run it twice
    and `git diff --exit-code` shows nothing.

    Rows that cannot be represented are reported and left out (listed in the generated file's header);
    anything else unexpected stops the script, so a new edition of the standard cannot slip in odd rows
    unnoticed.

.PARAMETER StandardPath
    Folder holding attributes.json, private_dictionary.tsv and uids.tsv.

.PARAMETER OutputPath
    Folder to write the *.Generated.cs files to; defaults to src/Deid.Dicom/Dictionary of this repository.

.EXAMPLE
    cd /work/wt-dictionary; dotnet tool restore; dotnet pwsh ./tools/Generate-Dictionary.ps1 -StandardPath ../shared/standard
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $StandardPath,

    [string] $OutputPath = (Join-Path $PSScriptRoot '..' 'src' 'Deid.Dicom' 'Dictionary')
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# The 34 VRs of PS3.5 Table 6.2-1 (the same list as DicomVR.All).
$KnownVRs = [System.Collections.Generic.HashSet[string]]::new([string[]]@(
        'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FD', 'FL', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV', 'OW',
        'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV'),
    [System.StringComparer]::Ordinal)

# Column separator in the generated tables; the generator refuses input that contains it.
$Sep = '|'

function Resolve-InputFile([string] $name) {
    $path = Join-Path $StandardPath $name
    if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { throw "Input file not found: $path" }
    return (Resolve-Path -LiteralPath $path).ProviderPath
}

function Get-Sha256([string] $path) {
    return (Get-FileHash -LiteralPath $path -Algorithm SHA256).Hash.ToLowerInvariant()
}

# Checks that a text field can go into a table line as it is.
function Assert-Field([string] $value, [string] $what) {
    if ($value.Contains($Sep) -or $value -match '[\x00-\x1F\x7F]') {
        throw "$what contains the separator '$Sep' or a control character: '$value'"
    }
    if ($value -ne $value.Trim()) { throw "$what has leading or trailing white space: '$value'" }
}

# Turns a VR column into the table's form: the VRs separated by '/', or '' when the dictionary gives none.
# "US or SS" -> "US/SS"; "OB_OW" (one private row) -> "OB/OW"; "See Note 2" (the FFFE delimiters) -> "".
function ConvertTo-VRList([string] $spec, [string] $where) {
    $spec = $spec.Trim()
    if ($spec -eq '' -or $spec -match '^See Note \d+$') { return '' }
    $parts = [regex]::Split($spec, '\s+or\s+|_')
    foreach ($p in $parts) {
        if (-not $KnownVRs.Contains($p)) { throw "${where}: unknown VR '$p' in '$spec'" }
    }
    return ($parts -join '/')
}

# Sorts items by string keys with ordinal comparison. Keys must be unique (append a row number), which makes
# the unstable Array.Sort deterministic.
function Sort-ByKey([object[]] $items, [string[]] $keys) {
    $k = [string[]]$keys.Clone()
    $v = [object[]]$items.Clone()
    # The casts pick Sort(Array, Array, IComparer): with the generic overload PowerShell sorts a copy of the items.
    [Array]::Sort([Array]$k, [Array]$v, [System.Collections.IComparer][System.StringComparer]::Ordinal)
    for ($i = 1; $i -lt $k.Length; $i++) {
        if ([string]::Equals($k[$i - 1], $k[$i], [System.StringComparison]::Ordinal)) { throw "Duplicate sort key '$($k[$i])'" }
    }
    return , $v
}

function Read-Tsv([string] $path, [string[]] $expectedHeader) {
    $lines = [System.IO.File]::ReadAllLines($path, [System.Text.UTF8Encoding]::new($false, $true))
    if ($lines.Length -eq 0) { throw "$path is empty" }
    $header = $lines[0].Split("`t")
    if (($header -join ',') -cne ($expectedHeader -join ',')) {
        throw "$path has header '$($header -join ',')'; expected '$($expectedHeader -join ',')'"
    }
    $rows = [System.Collections.Generic.List[object]]::new()
    for ($i = 1; $i -lt $lines.Length; $i++) {
        if ($lines[$i] -eq '') { continue }
        $cols = $lines[$i].Split("`t")
        if ($cols.Length -ne $expectedHeader.Length) {
            throw "$path line $($i + 1) has $($cols.Length) columns; expected $($expectedHeader.Length)"
        }
        $rows.Add([pscustomobject]@{ Line = $i + 1; Cols = $cols })
    }
    return , $rows.ToArray()
}

function New-Header([string] $title, [string[]] $sources, [string[]] $notes) {
    $sb = [System.Text.StringBuilder]::new()
    [void]$sb.Append("// <auto-generated>`n")
    [void]$sb.Append("//   $title`n")
    [void]$sb.Append("//   Generated by tools/Generate-Dictionary.ps1 from:`n")
    foreach ($s in $sources) { [void]$sb.Append("//     $s`n") }
    [void]$sb.Append("//   Do not edit: change the generator or its input and run it again.`n")
    foreach ($n in $notes) { [void]$sb.Append("//   $n`n") }
    [void]$sb.Append("// </auto-generated>`n")
    return $sb.ToString()
}

function Write-Generated([string] $fileName, [string] $text) {
    if (-not (Test-Path -LiteralPath $OutputPath)) { [void](New-Item -ItemType Directory -Path $OutputPath) }
    $path = Join-Path $OutputPath $fileName
    [System.IO.File]::WriteAllText($path, $text, [System.Text.UTF8Encoding]::new($false))
    Write-Host "Wrote $path"
}

# Formats numbers as a C# array initializer body, $perLine a line, indented for a field of the partial class.
function Format-Array([object[]] $values, [string] $format, [int] $perLine) {
    $sb = [System.Text.StringBuilder]::new()
    for ($i = 0; $i -lt $values.Length; $i++) {
        if ($i % $perLine -eq 0) { [void]$sb.Append('            ') }
        [void]$sb.Append([string]::Format([System.Globalization.CultureInfo]::InvariantCulture, $format, $values[$i])).Append(',')
        if ($i % $perLine -eq $perLine - 1 -or $i -eq $values.Length - 1) { [void]$sb.Append("`n") } else { [void]$sb.Append(' ') }
    }
    return $sb.ToString()
}

# Emits a partial class: the header, then $members (already indented C#), then the table as a UTF-8 raw string literal
# (a span over the assembly's data: nothing to allocate or copy at run time) and the UTF-8 length of each of its lines.
# Lines must not contain '"""'.
function New-TableClass([string] $header, [string] $className, [string] $members, [string] $columns, [string[]] $lines) {
    $utf8 = [System.Text.UTF8Encoding]::new($false, $true)
    $lengths = foreach ($l in $lines) {
        if ($l.Contains('"""')) { throw "Table line contains '`"`"`"': $l" }
        $n = $utf8.GetByteCount($l)
        if ($n -gt [uint16]::MaxValue) { throw "Table line is longer than 65535 bytes: $l" }
        $n
    }
    $sb = [System.Text.StringBuilder]::new()
    [void]$sb.Append($header)
    [void]$sb.Append("`nusing System;`n`nnamespace Deid.Dicom`n{`n")
    [void]$sb.Append("    public static partial class $className`n    {`n")
    [void]$sb.Append("        private const int TableRowCount = $($lines.Length);`n`n")
    [void]$sb.Append($members)
    [void]$sb.Append("        // The length in bytes of each line of Table, without its line end.`n")
    [void]$sb.Append("        private static readonly ushort[] TableLineLengths =`n        {`n")
    [void]$sb.Append((Format-Array @($lengths) '{0}' 20))
    [void]$sb.Append("        };`n`n")
    [void]$sb.Append("        // UTF-8, one row a line, separated by '$Sep': $columns`n")
    [void]$sb.Append("        private static ReadOnlySpan<byte> Table => `"`"`"`n")
    foreach ($l in $lines) { [void]$sb.Append($l).Append("`n") }
    [void]$sb.Append("`"`"`"u8;`n")
    [void]$sb.Append("    }`n}`n")
    return $sb.ToString()
}

# The two ASCII bytes of the VR an implicit VR reader should use: the first listed, UN when none.
function Get-ReadVRCode([string] $vrList) {
    $vr = if ($vrList -eq '') { 'UN' } else { $vrList.Substring(0, 2) }
    return ([int][char]$vr[0] -shl 8) -bor [int][char]$vr[1]
}

# Value and mask of an 8-digit pattern with x for any digit.
function ConvertFrom-Pattern([string] $pattern) {
    return [pscustomobject]@{
        Value = [Convert]::ToUInt32($pattern.Replace('x', '0'), 16)
        Mask = [Convert]::ToUInt32((($pattern.ToCharArray() | ForEach-Object { if ($_ -ceq 'x') { '0' } else { 'F' } }) -join ''), 16)
    }
}

#region attributes.json -> DicomDictionary.Generated.cs

$attributesPath = Resolve-InputFile 'attributes.json'
# -DateKind String: keep every value a string (a name that looks like a date must not become a DateTime).
$attributes = @(Get-Content -LiteralPath $attributesPath -Raw -Encoding utf8 | ConvertFrom-Json -DateKind String)
$exactRows = [System.Collections.Generic.List[object]]::new()
$repeatingRows = [System.Collections.Generic.List[object]]::new()
$seenTags = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::Ordinal)
$seenKeywords = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::OrdinalIgnoreCase)
$attrNotes = [System.Collections.Generic.List[string]]::new()
$index = 0
foreach ($a in $attributes) {
    $index++
    $where = "attributes.json row $index ($($a.tag))"
    foreach ($p in 'tag', 'name', 'keyword', 'valueRepresentation', 'valueMultiplicity', 'retired') {
        if ($null -eq $a.$p -or $a.$p -isnot [string]) { throw "${where}: missing or non-string '$p'" }
    }
    if ($a.tag -notmatch '^\(([0-9A-Fa-fXx]{4}),([0-9A-Fa-fXx]{4})\)$') { throw "${where}: bad tag" }
    # Canonical pattern: upper-case hex digits, lower-case x for a repeating digit.
    $pattern = ($Matches[1] + $Matches[2]).ToUpperInvariant().Replace('X', 'x')
    if (-not $seenTags.Add($pattern)) { throw "${where}: duplicate tag" }
    $vrs = ConvertTo-VRList $a.valueRepresentation $where
    if ($a.retired -cnotin 'Y', 'N') { throw "${where}: retired is '$($a.retired)'" }
    foreach ($p in 'name', 'keyword', 'valueMultiplicity') { Assert-Field $a.$p "$where $p" }
    $shown = "($($pattern.Substring(0, 4)),$($pattern.Substring(4)))"
    if ($a.keyword -ne '') {
        if ($a.keyword -cnotmatch '^[A-Za-z][A-Za-z0-9_]*$') { throw "${where}: keyword '$($a.keyword)' is not an identifier" }
        if (-not $seenKeywords.Add($a.keyword)) { throw "${where}: duplicate keyword (ignoring case) '$($a.keyword)'" }
    }
    else {
        $attrNotes.Add("$shown has no keyword or name")
    }
    if ($a.valueRepresentation -ne '' -and $vrs -eq '') { $attrNotes.Add("$shown VR '$($a.valueRepresentation)' is read as none") }
    $pm = ConvertFrom-Pattern $pattern
    $row = [pscustomobject]@{
        Value = $pm.Value
        Mask = $pm.Mask
        ReadVR = Get-ReadVRCode $vrs
        Line = @($pattern, $vrs, $a.valueMultiplicity, $a.retired, $a.keyword, $a.name) -join $Sep
        # Tag order (x as 0), then input order.
        Key = $pm.Value.ToString('X8') + $index.ToString('D6')
    }
    if ($pm.Mask -eq [uint32]::MaxValue) { $exactRows.Add($row) } else { $repeatingRows.Add($row) }
}

# Two repeating-group patterns must never match the same tag, or the order of the scan would matter.
for ($i = 0; $i -lt $repeatingRows.Count; $i++) {
    for ($j = $i + 1; $j -lt $repeatingRows.Count; $j++) {
        $x = $repeatingRows[$i]; $y = $repeatingRows[$j]
        $both = $x.Mask -band $y.Mask
        if (($x.Value -band $both) -eq ($y.Value -band $both)) { throw "Repeating-group rows '$($x.Line)' and '$($y.Line)' overlap" }
    }
}

$exactSorted = Sort-ByKey $exactRows.ToArray() @($exactRows | ForEach-Object Key)
$repeatingSorted = Sort-ByKey $repeatingRows.ToArray() @($repeatingRows | ForEach-Object Key)
$allSorted = @($exactSorted) + @($repeatingSorted)
# Rows with a keyword, by keyword: ordinal, and ordinal on the upper-cased keyword (keywords are ASCII identifiers, unique
# ignoring case, so this is the order of an ASCII case-insensitive comparison).
$keyworded = @(for ($i = 0; $i -lt $allSorted.Length; $i++) {
        $kw = $allSorted[$i].Line.Split($Sep)[4]
        if ($kw -ne '') { [pscustomobject]@{ Row = $i; Keyword = $kw } }
    })
$byKeyword = Sort-ByKey $keyworded @($keyworded | ForEach-Object Keyword)
$byKeywordIgnoreCase = Sort-ByKey $keyworded @($keyworded | ForEach-Object { $_.Keyword.ToUpperInvariant() })
$members = "        // Tags of the rows without repeating digits, ascending; row i of Table.`n" +
    "        private static readonly uint[] ExactTags =`n        {`n" + (Format-Array @($exactSorted | ForEach-Object Value) '0x{0:X8}' 8) + "        };`n`n" +
    "        // Tags (x digits 0) of the repeating-group rows, ascending; row ExactTags.Length + i of Table.`n" +
    "        private static readonly uint[] RepeatingTags =`n        {`n" + (Format-Array @($repeatingSorted | ForEach-Object Value) '0x{0:X8}' 8) + "        };`n`n" +
    "        // Which bits of a tag each repeating-group row fixes (0 nibbles for the x digits).`n" +
    "        private static readonly uint[] RepeatingMasks =`n        {`n" + (Format-Array @($repeatingSorted | ForEach-Object Mask) '0x{0:X8}' 8) + "        };`n`n" +
    "        // Per row of Table: the VR to read an implicit VR element with (the first listed, else UN), as its two ASCII bytes.`n" +
    "        private static readonly ushort[] ReadVRs =`n        {`n" + (Format-Array @($allSorted | ForEach-Object ReadVR) '0x{0:X4}' 12) + "        };`n`n" +
    "        // The rows that have a keyword, in ordinal order of the keyword.`n" +
    "        private static readonly ushort[] KeywordOrder =`n        {`n" + (Format-Array @($byKeyword | ForEach-Object Row) '{0}' 16) + "        };`n`n" +
    "        // The rows that have a keyword, in ordinal order of the upper-cased keyword.`n" +
    "        private static readonly ushort[] KeywordOrderIgnoreCase =`n        {`n" + (Format-Array @($byKeywordIgnoreCase | ForEach-Object Row) '{0}' 16) + "        };`n`n"
$attrHeader = New-Header 'DICOM PS3.6 data dictionary: DicomDictionary''s lookup arrays and table.' `
    @("attributes.json (sha256 $(Get-Sha256 $attributesPath), $($attributes.Count) rows)") `
    @($attrNotes | ForEach-Object { "Note: $_" })
$attrText = New-TableClass $attrHeader 'DicomDictionary' $members `
    'tag (GGGGEEEE, x for a repeating digit), VRs (''/''-separated, empty when none), VM, retired (Y/N), keyword, name; the rows without repeating digits in tag order, then the repeating-group rows in tag order.' `
    @($allSorted | ForEach-Object Line)
Write-Generated 'DicomDictionary.Generated.cs' $attrText
Write-Host "attributes.json: $($allSorted.Length) rows, $($repeatingSorted.Length) repeating-group patterns, $($attrNotes.Count) notes"

#endregion

#region attributes.json -> DicomTags.Generated.cs

# One named tag per keyword of a row without repeating digits (retired ones too: old files carry them), in tag order.
# Each is a static property returning a new DicomTag: the JIT inlines it to the constant, and the class needs no static
# constructor to fill 5000 fields.
$tagMembers = [System.Text.StringBuilder]::new()
$tagCount = 0
foreach ($row in $exactSorted) {
    $pattern, $vrs, $vm, $retired, $kw, $name = $row.Line.Split($Sep)
    if ($kw -eq '') { continue }
    # Names a static class inherits from object, and the class's own name, cannot be members.
    if ($kw -cin 'DicomTags', 'Equals', 'ReferenceEquals') { throw "attributes.json keyword '$kw' cannot be a member of DicomTags" }
    $doc = [System.Security.SecurityElement]::Escape($name) + " ($($pattern.Substring(0, 4)),$($pattern.Substring(4)))"
    $doc += if ($vrs -eq '') { ", no VR" } else { ", VR $($vrs.Replace('/', ' or '))" }
    $doc += ", VM $([System.Security.SecurityElement]::Escape($vm))"
    if ($retired -ceq 'Y') { $doc += ', retired' }
    if ($tagCount -gt 0) { [void]$tagMembers.Append("`n") }
    [void]$tagMembers.Append("        /// <summary>$doc.</summary>`n")
    [void]$tagMembers.Append("        public static DicomTag $kw => new DicomTag(0x$($pattern));`n")
    $tagCount++
}
$tagHeader = New-Header 'DICOM PS3.6 data dictionary: DicomTags''s named tags.' `
    @("attributes.json (sha256 $(Get-Sha256 $attributesPath), $($attributes.Count) rows)") `
    @('One tag per keyword of the rows without repeating digits, retired ones included, in tag order.')
$tagText = $tagHeader + "`nnamespace Deid.Dicom`n{`n" +
    "    /// <summary>`n" +
    "    /// The tags of the DICOM data dictionary (PS3.6) by keyword, e.g. <c>DicomTags.PatientName</c> for (0010,0010): every`n" +
    "    /// attribute with a keyword and a single tag, retired ones included; repeating-group ranges such as (60xx,3000) have none.`n" +
    "    /// </summary>`n" +
    "    public static partial class DicomTags`n    {`n" + $tagMembers.ToString() + "    }`n}`n"
Write-Generated 'DicomTags.Generated.cs' $tagText
Write-Host "DicomTags: $tagCount named tags"

#endregion

#region private_dictionary.tsv -> PrivateDictionary.Generated.cs

$privatePath = Resolve-InputFile 'private_dictionary.tsv'
$privateIn = Read-Tsv $privatePath @('creator', 'tag', 'vr', 'vm', 'name', 'retired')
$privRows = [System.Collections.Generic.List[object]]::new()
$privSkipped = [System.Collections.Generic.List[string]]::new()
$seenPrivate = [System.Collections.Generic.HashSet[string]]::new([System.StringComparer]::Ordinal)
foreach ($r in $privateIn) {
    $creator, $tag, $vr, $vm, $name, $retired = $r.Cols
    $where = "private_dictionary.tsv line $($r.Line)"
    Assert-Field $creator "$where creator"
    if ($creator -eq '') { throw "${where}: empty creator" }
    if ($creator -match '[^\x20-\x7E]') { throw "${where}: creator is not printable ASCII" }
    Assert-Field $vm "$where vm"
    Assert-Field $name "$where name"
    $t = $tag.ToUpperInvariant().Replace('X', 'x')
    # Kind 0: a whole tag (GGGGEEEE); kind 1: GGGGxxEE, any block; kind 2: GGxxxxEE, any group GGxx and block.
    if ($t -cmatch '^[0-9A-F]{8}$') { $kind = 0 }
    elseif ($t -cmatch '^[0-9A-F]{4}xx[0-9A-F]{2}$') { $kind = 1 }
    elseif ($t -cmatch '^[0-9A-F]{2}xxxx[0-9A-F]{2}$') { $kind = 2 }
    else {
        $privSkipped.Add("$creator $tag")
        continue
    }
    $vrs = ConvertTo-VRList $vr $where
    $ret = switch -CaseSensitive ($retired) { '' { 'N' } 'N' { 'N' } 'Y' { 'Y' } 'R' { 'Y' } 'Retired' { 'Y' } default { throw "${where}: retired is '$retired'" } }
    if (-not $seenPrivate.Add("$creator`t$t")) { throw "${where}: duplicate creator and tag" }
    $value = [Convert]::ToUInt32($t.Replace('x', '0'), 16)
    $privRows.Add([pscustomobject]@{
            Creator = $creator
            Key = ([uint64]$kind -shl 32) -bor $value
            Line = @($creator, $t, $vrs, $vm, $ret, $name) -join $Sep
            # Creator (ordinal; NUL sorts a creator before any longer one it begins), kind and tag, input line.
            SortKey = "$creator`0$kind$($value.ToString('X8'))$($r.Line.ToString('D6'))"
        })
}
# PS3.15 Table E.3.10-1 gives the VR of every safe private attribute; 37 of its sequences (and other rows) are in no vendor
# dictionary above. Without a VR, an implicit VR file reads such a sequence as bytes, and nothing inside it can be judged:
# the table's rows the dictionary lacks are added, so that the reader finds their items.
$safePath = Resolve-InputFile 'safe_private_attributes.tsv'
$safeIn = Read-Tsv $safePath @('private_creator', 'group', 'element', 'vr', 'meaning')
$safeAdded = 0
foreach ($r in $safeIn) {
    $creator, $group, $element, $vr, $meaning = $r.Cols
    $where = "safe_private_attributes.tsv line $($r.Line)"
    if ($vr -eq '' -or $creator -match '[^\x20-\x7E]') { continue }
    $t = ($group + 'xx' + $element).ToUpperInvariant().Replace('X', 'x')
    if ($t -cnotmatch '^[0-9A-F]{4}xx[0-9A-F]{2}$') { throw "${where}: group '$group' and element '$element' make no GGGGxxEE tag" }
    if (-not $seenPrivate.Add("$creator`t$t")) { continue }
    $vrs = ConvertTo-VRList $vr.Replace('/', '_') $where # "OW/OB" in the table
    $value = [Convert]::ToUInt32($t.Replace('x', '0'), 16)
    $privRows.Add([pscustomobject]@{
            Creator = $creator
            Key = ([uint64]1 -shl 32) -bor $value
            Line = @($creator, $t, $vrs, '1', 'N', $(if ($meaning) { $meaning } else { 'Safe private attribute' })) -join $Sep
            SortKey = "$creator`0" + "1$($value.ToString('X8'))9$($r.Line.ToString('D6'))"
        })
    $safeAdded++
}
$sortedPriv = Sort-ByKey $privRows.ToArray() @($privRows | ForEach-Object SortKey)
$creators = [System.Collections.Generic.List[string]]::new()
$creatorStarts = [System.Collections.Generic.List[int]]::new()
for ($i = 0; $i -lt $sortedPriv.Length; $i++) {
    if ($i -eq 0 -or $sortedPriv[$i].Creator -cne $sortedPriv[$i - 1].Creator) {
        $creators.Add($sortedPriv[$i].Creator)
        $creatorStarts.Add($i)
    }
}
$creatorStarts.Add($sortedPriv.Length)
$privNotes = @()
if ($privSkipped.Count -gt 0) {
    $privNotes += "Left out $($privSkipped.Count) rows whose tag pattern is neither GGGGxxEE, GGGGEEEE nor GGxxxxEE (GGGG10xx, which"
    $privNotes += 'reads as the private creator element of block 10 with an open low byte; not a private data element):'
    $privNotes += @($privSkipped | ForEach-Object { "  $_" })
}
$privMembers = "        // The distinct creators, one a line, in ordinal order.`n" +
    "        private const string CreatorList = `"`"`"`n" + (($creators | ForEach-Object { "$_`n" }) -join '') + "`"`"`";`n`n" +
    "        // The rows of creator i are rows CreatorStarts[i] to CreatorStarts[i + 1] - 1 of Table.`n" +
    "        private static readonly int[] CreatorStarts =`n        {`n" + (Format-Array @($creatorStarts) '{0}' 16) + "        };`n`n" +
    "        // Per row of Table: (kind << 32) | tag with x digits 0, kind 0 for GGGGEEEE, 1 for GGGGxxEE, 2 for GGxxxxEE;`n" +
    "        // ascending within each creator.`n" +
    "        private static readonly ulong[] Keys =`n        {`n" + (Format-Array @($sortedPriv | ForEach-Object Key) '0x{0:X9}' 8) + "        };`n`n"
$privNotes += "Added $safeAdded rows of safe_private_attributes.tsv (PS3.15 Table E.3.10-1) that private_dictionary.tsv lacks, with the table's VR."
$privHeader = New-Header 'Private data dictionary: PrivateDictionary''s lookup arrays and table.' `
    @("private_dictionary.tsv (sha256 $(Get-Sha256 $privatePath), $($privateIn.Length) rows)", "safe_private_attributes.tsv (sha256 $(Get-Sha256 $safePath), $($safeIn.Length) rows)") $privNotes
$privText = New-TableClass $privHeader 'PrivateDictionary' $privMembers `
    'creator, tag (GGGGxxEE, GGGGEEEE or GGxxxxEE), VRs (''/''-separated, empty when none), VM, retired (Y/N), name; by creator (ordinal), then whole tags, GGGGxxEE, GGxxxxEE, each by tag.' `
    @($sortedPriv | ForEach-Object Line)
Write-Generated 'PrivateDictionary.Generated.cs' $privText
Write-Host "private_dictionary.tsv: $($sortedPriv.Length) rows kept for $($creators.Count) creators, $($privSkipped.Count) left out"

#endregion

#region uids.tsv -> DicomUids.Generated.cs

$uidsPath = Resolve-InputFile 'uids.tsv'
$uidsIn = Read-Tsv $uidsPath @('uid', 'name', 'type', 'info', 'retired', 'keyword')
$uidRows = [System.Collections.Generic.List[object]]::new()
$uidKeys = [System.Collections.Generic.List[string]]::new()
foreach ($r in $uidsIn) {
    $uid, $name, $type, $info, $retired, $keyword = $r.Cols
    $where = "uids.tsv line $($r.Line)"
    if ($uid -cnotmatch '^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$' -or $uid.Length -gt 64) { throw "${where}: bad UID '$uid'" }
    foreach ($f in $name, $type, $info, $keyword) { Assert-Field $f $where }
    $ret = switch -CaseSensitive ($retired) { '' { 'N' } 'Retired' { 'Y' } default { throw "${where}: retired is '$retired'" } }
    $uidRows.Add((@($uid, $type, $ret, $keyword, $name, $info) -join $Sep))
    $uidKeys.Add($uid) # unique: Sort-ByKey throws on a duplicate UID
}
$sortedUids = Sort-ByKey $uidRows.ToArray() $uidKeys.ToArray()
$uidHeader = New-Header 'DICOM PS3.6 UID registry: DicomUids''s table.' `
    @("uids.tsv (sha256 $(Get-Sha256 $uidsPath), $($uidsIn.Length) rows)") @()
$uidText = New-TableClass $uidHeader 'DicomUids' '' `
    'UID, type, retired (Y/N), keyword, name, info; by UID (ordinal).' `
    $sortedUids
Write-Generated 'DicomUids.Generated.cs' $uidText
Write-Host "uids.tsv: $($sortedUids.Length) rows"

#endregion

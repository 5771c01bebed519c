# Part of tools/Generate-Help.ps1 (dot-sourced by it): reading docs/help/*.md into sections, paragraphs, parameters and examples.
Set-StrictMode -Version 3.0

#region Markdown

# Turns markdown lines into help paragraphs: blank lines separate paragraphs; soft-wrapped lines are joined and the text is
# wrapped again at $WrapWidth columns (Get-Help prints paragraphs as they are, indented by 4 or 8 spaces, so that fits an
# 80-column console); list items ("- ", "* ", "1. ") start new lines with a hanging indent; fenced blocks and table rows are
# kept verbatim; inline markup is reduced to plain text (`code` -> code, **b** -> b, [text](url) -> text).
$WrapWidth = 72

function Format-Wrapped([string]$Text, [int]$Width, [string]$Indent = '') {
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = ''
    foreach ($word in ($Text -split ' ' | Where-Object { $_.Length -gt 0 })) {
        $candidate = if ($line.Length -eq 0) { $word } else { "$line $word" }
        if ($line.Length -gt 0 -and ($candidate.Length + $(if ($lines.Count) { $Indent.Length } else { 0 })) -gt $Width) {
            $lines.Add($line); $line = $word
        }
        else { $line = $candidate }
    }
    if ($line.Length -gt 0) { $lines.Add($line) }
    $out = for ($i = 0; $i -lt $lines.Count; $i++) { if ($i -eq 0) { $lines[$i] } else { $Indent + $lines[$i] } }
    $out -join "`n"
}

function ConvertTo-Paragraphs([string[]]$Lines, [switch]$NoWrap) {
    $paras = [System.Collections.Generic.List[string]]::new()
    $items = [System.Collections.Generic.List[string]]::new()
    $verbatim = $false
    $fence = $null
    $code = [System.Collections.Generic.List[string]]::new()
    $flush = {
        if ($items.Count -gt 0) {
            $text = foreach ($item in $items) {
                if ($verbatim -or $NoWrap) { $item; continue }
                $plain = ConvertFrom-Inline $item
                $hang = if ($plain -match '^(([-*]|\d+\.)\s+)') { ' ' * $Matches[1].Length } else { '' }
                Format-Wrapped $plain $WrapWidth $hang
            }
            $paras.Add(($text -join "`n")); $items.Clear()
        }
        $verbatim = $false
    }
    foreach ($line in $Lines) {
        if ($null -ne $fence) {
            if ($line.Trim() -eq $fence) { $paras.Add(($code -join "`n")); $code.Clear(); $fence = $null }
            else { $code.Add($line) }
            continue
        }
        if ($line -match '^\s*(```+)') { . $flush; $fence = $Matches[1]; continue }
        if ($line.Trim().Length -eq 0) { . $flush; continue }
        if ($line -match '^\s*\|') { $verbatim = $true; $items.Add($line.Trim()); continue }
        if ($line -match '^\s*([-*]|\d+\.)\s+') { $items.Add($line.Trim()); continue }
        if ($items.Count -gt 0) { $items[$items.Count - 1] = $items[$items.Count - 1] + ' ' + $line.Trim() }
        else { $items.Add($line.Trim()) }
    }
    . $flush
    if ($code.Count -gt 0) { $paras.Add(($code -join "`n")) }
    , $paras.ToArray()
}

function ConvertFrom-Inline([string]$Text) {
    $t = [regex]::Replace($Text, '\[([^\]]+)\]\([^)]*\)', '$1')
    $t = [regex]::Replace($t, '\*\*([^*]+)\*\*', '$1')
    $t = [regex]::Replace($t, '`([^`]+)`', '$1')
    $t
}

function New-Section { [pscustomobject]@{ Line = 0; Lines = [System.Collections.Generic.List[string]]::new(); Subsections = [System.Collections.Generic.List[object]]::new() } }

# Reads one markdown file into its sections (see docs/help/README.md for the layout).
function Read-HelpMarkdown([System.IO.FileInfo]$File) {
    $lines = [System.IO.File]::ReadAllLines($File.FullName)
    $where = $File.Name
    $doc = [ordered]@{ Name = $null; Path = $File.FullName }
    $sections = @{}
    $section = $null; $sub = $null; $inFence = $false
    for ($i = 0; $i -lt $lines.Count; $i++) {
        $line = $lines[$i]; $n = $i + 1
        if ($line -match '^\s*```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match '^(#{1,3})\s+(.*?)\s*$') {
            $level = $Matches[1].Length; $title = $Matches[2]
            switch ($level) {
                1 {
                    if ($doc.Name) { Add-Problem "${where}:${n}: a second '# ' title." }
                    $doc.Name = $title; $section = $null; $sub = $null
                }
                2 {
                    $key = $title.ToLowerInvariant()
                    if (-not $KnownSections.Contains($key)) {
                        Add-Problem "${where}:${n}: unknown section '## $title' (the sections are: Synopsis, Description, Parameters, Inputs, Outputs, Notes, Examples, Related links)."
                        $section = New-Section; $sub = $null; continue
                    }
                    $name = $KnownSections[$key]
                    if ($sections.ContainsKey($name)) { Add-Problem "${where}:${n}: section '## $title' appears twice." }
                    $section = New-Section; $section.Line = $n; $sections[$name] = $section; $sub = $null
                }
                3 {
                    if ($null -eq $section) { Add-Problem "${where}:${n}: '### $title' outside a section."; continue }
                    $sub = [pscustomobject]@{ Title = $title; Line = $n; Lines = [System.Collections.Generic.List[string]]::new() }
                    $section.Subsections.Add($sub)
                }
            }
            continue
        }
        if ($null -ne $sub) { $sub.Lines.Add($line) }
        elseif ($null -ne $section) { $section.Lines.Add($line) }
        elseif ($line.Trim().Length -gt 0) { Add-Problem "${where}:${n}: text before the first section." }
    }
    if (-not $doc.Name) { Add-Problem "${where}: no '# Cmdlet-Name' title." }
    elseif ($doc.Name -ne $File.BaseName) { Add-Problem "${where}: the title '# $($doc.Name)' does not match the file name." }
    $doc.Sections = $sections
    [pscustomobject]$doc
}

function Get-SectionParagraphs($Doc, [string]$Name, [switch]$Required, [switch]$NoWrap) {
    $s = $Doc.Sections[$Name]
    if ($null -eq $s) {
        if ($Required) { Add-Problem "$(Split-Path $Doc.Path -Leaf): missing section '## $Name'." }
        return , @()
    }
    if ($s.Subsections.Count -gt 0 -and $Name -notin 'Parameters', 'Inputs', 'Outputs', 'Examples') {
        Add-Problem "$(Split-Path $Doc.Path -Leaf):$($s.Subsections[0].Line): '### ' headings are not allowed in '## $Name'."
    }
    $paras = ConvertTo-Paragraphs $s.Lines -NoWrap:$NoWrap
    if ($Required -and $paras.Count -eq 0) { Add-Problem "$(Split-Path $Doc.Path -Leaf):$($s.Line): section '## $Name' is empty." }
    , $paras
}

# The typed subsections of Inputs / Outputs: "### Type.Full.Name" and a description.
function Get-TypeEntries($Doc, [string]$Name) {
    $s = $Doc.Sections[$Name]
    $file = Split-Path $Doc.Path -Leaf
    if ($null -eq $s) { Add-Problem "${file}: missing section '## $Name'."; return , @() }
    if ($s.Subsections.Count -eq 0) { Add-Problem "${file}:$($s.Line): '## $Name' needs one '### Type.Name' per type." }
    if ((ConvertTo-Paragraphs $s.Lines).Count -gt 0) { Add-Problem "${file}:$($s.Line): text in '## $Name' belongs under a '### Type.Name' heading." }
    $entries = foreach ($sub in $s.Subsections) {
        $paras = ConvertTo-Paragraphs $sub.Lines
        if ($paras.Count -eq 0) { Add-Problem "${file}:$($sub.Line): '### $($sub.Title)' has no description." }
        [pscustomobject]@{ Type = $sub.Title.Trim(); Paragraphs = $paras }
    }
    , @($entries)
}

function Get-ParameterEntries($Doc) {
    $s = $Doc.Sections['Parameters']
    $file = Split-Path $Doc.Path -Leaf
    $result = [ordered]@{}
    if ($null -eq $s) { Add-Problem "${file}: missing section '## Parameters'."; return $result }
    foreach ($sub in $s.Subsections) {
        if ($sub.Title -notmatch '^-([A-Za-z][A-Za-z0-9]*)$') { Add-Problem "${file}:$($sub.Line): a parameter heading is '### -Name', not '### $($sub.Title)'."; continue }
        $name = $Matches[1]
        if ($result.Contains($name)) { Add-Problem "${file}:$($sub.Line): parameter -$name is documented twice."; continue }
        $default = $null
        $lines = [System.Collections.Generic.List[string]]::new()
        foreach ($l in $sub.Lines) {
            if ($l -match '^\s*Default value:\s*(.+?)\s*$') { $default = ConvertFrom-Inline $Matches[1] } else { $lines.Add($l) }
        }
        $paras = ConvertTo-Paragraphs $lines
        if ($paras.Count -eq 0) { Add-Problem "${file}:$($sub.Line): parameter -$name has no description." }
        $result[$name] = [pscustomobject]@{ Name = $name; Paragraphs = $paras; Default = $default; Line = $sub.Line }
    }
    $result
}

function Get-ExampleEntries($Doc) {
    $s = $Doc.Sections['Examples']
    $file = Split-Path $Doc.Path -Leaf
    if ($null -eq $s) { Add-Problem "${file}: missing section '## Examples'."; return , @() }
    $list = foreach ($sub in $s.Subsections) {
        $code = $null; $runnable = $false; $rest = [System.Collections.Generic.List[string]]::new()
        $inCode = $false; $codeLines = [System.Collections.Generic.List[string]]::new()
        foreach ($l in $sub.Lines) {
            if ($null -eq $code -and -not $inCode -and $l -match '^```powershell(\s+runnable)?\s*$') { $inCode = $true; $runnable = [bool]$Matches[1]; continue }
            if ($inCode) {
                if ($l -match '^```\s*$') { $inCode = $false; $code = $codeLines -join "`n"; continue }
                $codeLines.Add($l); continue
            }
            $rest.Add($l)
        }
        if ($null -eq $code -or $code.Trim().Length -eq 0) { Add-Problem "${file}:$($sub.Line): example '$($sub.Title)' has no '``````powershell' code block."; $code = '' }
        $remarks = ConvertTo-Paragraphs $rest
        if ($remarks.Count -eq 0) { Add-Problem "${file}:$($sub.Line): example '$($sub.Title)' has no explanation after its code." }
        [pscustomobject]@{ Title = $sub.Title; Code = $code; Runnable = $runnable; Remarks = $remarks; Line = $sub.Line }
    }
    $list = @($list)
    if ($list.Count -lt 3) { Add-Problem "${file}:$($s.Line): $($list.Count) example(s); at least 3 are required." }
    , $list
}

function Get-RelatedLinks($Doc) {
    $s = $Doc.Sections['RelatedLinks']
    if ($null -eq $s) { return , @() }
    $links = foreach ($l in $s.Lines) {
        if ($l -match '^\s*[-*]\s+\[([^\]]+)\]\(([^)]*)\)\s*$') {
            $text = $Matches[1]; $uri = $Matches[2]
            [pscustomobject]@{ Text = $text; Uri = $(if ($uri -match '^https?://') { $uri } else { '' }) }
        }
        elseif ($l -match '^\s*[-*]\s+(\S.*?)\s*$') { [pscustomobject]@{ Text = (ConvertFrom-Inline $Matches[1]); Uri = '' } }
        elseif ($l.Trim().Length -gt 0) { Add-Problem "$(Split-Path $Doc.Path -Leaf): related links are list items ('- Name' or '- [Text](url)'), not '$($l.Trim())'." }
    }
    , @($links)
}

#endregion

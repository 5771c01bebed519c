#requires -Version 7.0
<#
.SYNOPSIS
    Writes the module's MAML help (module/en-US/Deid.PowerShell.dll-Help.xml) from docs/help/*.md and the built module's
    cmdlet metadata, or checks that the committed file is up to date (-Check).
.DESCRIPTION
    The prose (synopsis, description, parameter descriptions, inputs, outputs, notes, examples, related links) comes from one
    hand-written markdown file per cmdlet, in the layout described in docs/help/README.md. Everything that the code knows comes
    from the code: the syntax (one syntax item per parameter set), parameter types, mandatory, position, pipeline input,
    aliases, wildcard support, accepted values (ValidateSet, enums) and default values (read from a new instance of the cmdlet
    class, unless the markdown gives a "Default value:" line for a default that is computed at run time).

    The script fails (exit code 1, one line per problem) when
      - an exported cmdlet has no markdown file, or a markdown file names no exported cmdlet;
      - a markdown file documents a parameter the cmdlet does not have, or the cmdlet has a parameter (other than the common
        parameters, -WhatIf and -Confirm) that the markdown does not document, or documents with no text;
      - a required section is missing or empty (Synopsis, Description, Inputs, Outputs, Notes; at least three Examples, each
        with a powershell code block and an explanation);
      - the Outputs do not name exactly the cmdlet's [OutputType] types, or the Inputs miss the type of a parameter that takes
        pipeline input by value;
      - an example does not parse, or calls a Deid cmdlet with a parameter it does not have;
      - a related link names a command or about topic that does not exist.
    With -Check nothing is written: the help is regenerated to a temporary file and compared with the committed one, so a
    change in the code or in the markdown that was not regenerated fails the tests.
.PARAMETER ModulePath
    The built module manifest (default: out/Deid/Deid.psd1; run `dotnet pwsh ./build.ps1 Build` first).
.PARAMETER MarkdownFolder
    The folder of per-cmdlet markdown files (default: docs/help).
.PARAMETER OutputPath
    The MAML file to write or check (default: module/en-US/Deid.PowerShell.dll-Help.xml).
.PARAMETER Check
    Regenerate to a temporary file and compare with OutputPath; exit 1 when they differ.
.EXAMPLE
    dotnet pwsh ./build.ps1 Build; dotnet pwsh ./tools/Generate-Help.ps1
.EXAMPLE
    dotnet pwsh ./tools/Generate-Help.ps1 -Check
#>
[CmdletBinding()]
param(
    [string]$ModulePath = (Join-Path $PSScriptRoot '../out/Deid/Deid.psd1'),
    [string]$MarkdownFolder = (Join-Path $PSScriptRoot '../docs/help'),
    [string]$OutputPath = (Join-Path $PSScriptRoot '../module/en-US/Deid.PowerShell.dll-Help.xml'),
    [switch]$Check
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$script:Problems = [System.Collections.Generic.List[string]]::new()
function Add-Problem([string]$Message) { $script:Problems.Add($Message) }

# Parameters every cmdlet has; -WhatIf and -Confirm are documented automatically unless the markdown documents them.
$CommonParameters = [System.Management.Automation.Cmdlet]::CommonParameters
$RiskParameters = @('WhatIf', 'Confirm')
$StandardText = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
    Confirm = 'Prompts you for confirmation before running the cmdlet.'
}
$KnownSections = [ordered]@{
    'synopsis' = 'Synopsis'; 'description' = 'Description'; 'parameters' = 'Parameters'; 'inputs' = 'Inputs'
    'outputs' = 'Outputs'; 'notes' = 'Notes'; 'examples' = 'Examples'; 'related links' = 'RelatedLinks'
}

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

#region Metadata

function Test-IsCommon([string]$Name) { $CommonParameters -contains $Name }

function Get-ShortTypeName([type]$Type) {
    if ($Type.IsArray) { return (Get-ShortTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType) { return $Type.Name.Split('`')[0] }
    $Type.Name
}

function Get-FullTypeName([type]$Type) {
    if ($Type.IsArray) { return (Get-FullTypeName $Type.GetElementType()) + '[]' }
    $Type.FullName
}

# Values a parameter accepts, when the code fixes them: a ValidateSet or an enum type.
function Get-AcceptedValues($Parameter) {
    foreach ($a in $Parameter.Attributes) { if ($a -is [System.Management.Automation.ValidateSetAttribute]) { return , @($a.ValidValues) } }
    $t = $Parameter.ParameterType
    if ($t.IsArray) { $t = $t.GetElementType() }
    if ($t.IsEnum) { return , @([enum]::GetNames($t)) }
    , @()
}

function Test-SupportsWildcards($Parameter) {
    [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
}

# The default a new instance of the cmdlet holds, as help text.
function Get-CodeDefault($Instance, $Parameter) {
    if ($Parameter.SwitchParameter) { return 'False' }
    $prop = $Instance.GetType().GetProperty($Parameter.Name)
    if ($null -eq $prop) { return 'None' }
    $value = $prop.GetValue($Instance)
    if ($null -eq $value) { return 'None' }
    if ($value -is [string]) { if ($value.Length -eq 0) { return 'None' } else { return $value } }
    if ($value -is [array]) { if ($value.Count -eq 0) { return 'None' } else { return ($value | ForEach-Object { [string]::Format([cultureinfo]::InvariantCulture, '{0}', $_) }) -join ', ' } }
    [string]::Format([cultureinfo]::InvariantCulture, '{0}', $value)
}

function Format-PipelineInput([bool]$ByValue, [bool]$ByPropertyName) {
    if ($ByValue -and $ByPropertyName) { return 'True (ByPropertyName, ByValue)' }
    if ($ByValue) { return 'True (ByValue)' }
    if ($ByPropertyName) { return 'True (ByPropertyName)' }
    'False'
}

# One view of a parameter in one parameter set (syntax) or across its sets (parameters section).
function Get-ParameterView($Parameter, [string]$SetName) {
    $sets = if ($SetName) { @($Parameter.ParameterSets[$SetName]) } else {
        # A parameter in every set is listed under __AllParameterSets; otherwise under each set it belongs to.
        @($Parameter.ParameterSets.Values)
    }
    $mandatory = @($sets | ForEach-Object IsMandatory)
    $positions = @($sets | ForEach-Object Position | Sort-Object -Unique)
    [pscustomobject]@{
        Name          = $Parameter.Name
        Required      = -not ($mandatory -contains $false)
        Position      = $(if ($positions.Count -eq 1 -and $positions[0] -ge 0) { [string]$positions[0] } else { 'named' })
        PipelineInput = Format-PipelineInput ([bool]($sets | Where-Object ValueFromPipeline)) ([bool]($sets | Where-Object ValueFromPipelineByPropertyName))
        Globbing      = Test-SupportsWildcards $Parameter
        Aliases       = $(if ($Parameter.Aliases.Count) { $Parameter.Aliases -join ', ' } else { 'none' })
        IsSwitch      = $Parameter.SwitchParameter
        VariableLength = $Parameter.ParameterType.IsArray
        ShortType     = Get-ShortTypeName $Parameter.ParameterType
        FullType      = Get-FullTypeName $Parameter.ParameterType
        Values        = Get-AcceptedValues $Parameter
    }
}

#endregion

#region Checks against the code

# Every Deid cmdlet called in an example's code must be called with parameters it has.
function Test-ExampleCode($Doc, $Example, $Commands, $Aliases) {
    $file = Split-Path $Doc.Path -Leaf
    $tokens = $null; $errors = $null
    $ast = [System.Management.Automation.Language.Parser]::ParseInput($Example.Code, [ref]$tokens, [ref]$errors)
    foreach ($e in $errors) { Add-Problem "${file}:$($Example.Line): example '$($Example.Title)' does not parse: $($e.Message) (code line $($e.Extent.StartLineNumber))." }
    foreach ($call in $ast.FindAll({ param($n) $n -is [System.Management.Automation.Language.CommandAst] }, $true)) {
        $name = $call.GetCommandName()
        if (-not $name) { continue }
        if ($Aliases.ContainsKey($name)) { $name = $Aliases[$name] }
        $cmd = $Commands | Where-Object Name -eq $name
        if (-not $cmd) { continue }
        foreach ($p in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
            $known = $cmd.Parameters.Values | Where-Object { $_.Name -eq $p.ParameterName -or $_.Aliases -contains $p.ParameterName }
            if (-not $known) { Add-Problem "${file}:$($Example.Line): example '$($Example.Title)' calls $name with -$($p.ParameterName), which $name does not have." }
        }
    }
}

#endregion

#region MAML

$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
    MSHelp  = 'http://msdn.microsoft.com/mshelp'
}

function Write-Paras([System.Xml.XmlWriter]$W, [string[]]$Paragraphs) {
    foreach ($p in $Paragraphs) { $W.WriteElementString('para', $ns.maml, $p) }
}

function Write-Description([System.Xml.XmlWriter]$W, [string[]]$Paragraphs) {
    $W.WriteStartElement('description', $ns.maml); Write-Paras $W $Paragraphs; $W.WriteEndElement()
}

function Write-Type([System.Xml.XmlWriter]$W, [string]$FullName) {
    $W.WriteStartElement('type', $ns.dev)
    $W.WriteElementString('name', $ns.maml, $FullName)
    $W.WriteElementString('uri', $ns.maml, '')
    $W.WriteEndElement()
}

function Write-Parameter([System.Xml.XmlWriter]$W, $View, [string[]]$Paragraphs, [string]$Default, [switch]$InSyntax) {
    $W.WriteStartElement('parameter', $ns.command)
    $W.WriteAttributeString('required', $View.Required.ToString().ToLowerInvariant())
    $W.WriteAttributeString('variableLength', $View.VariableLength.ToString().ToLowerInvariant())
    $W.WriteAttributeString('globbing', $View.Globbing.ToString().ToLowerInvariant())
    $W.WriteAttributeString('pipelineInput', $View.PipelineInput)
    $W.WriteAttributeString('position', $View.Position)
    $W.WriteAttributeString('aliases', $View.Aliases)
    $W.WriteElementString('name', $ns.maml, $View.Name)
    if (-not $InSyntax) { Write-Description $W $Paragraphs }
    if ($View.Values.Count -gt 0) {
        $W.WriteStartElement('parameterValueGroup', $ns.command)
        foreach ($v in $View.Values) {
            $W.WriteStartElement('parameterValue', $ns.command)
            $W.WriteAttributeString('required', 'false'); $W.WriteAttributeString('variableLength', 'false')
            $W.WriteString($v); $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }
    # Switches show as [-Name] in the syntax and as -Name [<SwitchParameter>] in the parameter list.
    if (-not ($InSyntax -and $View.IsSwitch)) {
        $W.WriteStartElement('parameterValue', $ns.command)
        $W.WriteAttributeString('required', $(if ($View.IsSwitch) { 'false' } else { 'true' }))
        $W.WriteAttributeString('variableLength', $View.VariableLength.ToString().ToLowerInvariant())
        $W.WriteString($View.ShortType); $W.WriteEndElement()
    }
    Write-Type $W $View.FullType
    $W.WriteElementString('defaultValue', $ns.dev, $Default)
    $W.WriteEndElement()
}

function Write-Command([System.Xml.XmlWriter]$W, $Command, $Help) {
    $verb, $noun = $Command.Name.Split('-', 2)
    $W.WriteStartElement('command', 'command', $ns.command)
    foreach ($prefix in 'maml', 'command', 'dev', 'MSHelp') { $W.WriteAttributeString('xmlns', $prefix, $null, $ns[$prefix]) }

    $W.WriteStartElement('details', $ns.command)
    $W.WriteElementString('name', $ns.command, $Command.Name)
    $W.WriteElementString('verb', $ns.command, $verb)
    $W.WriteElementString('noun', $ns.command, $noun)
    Write-Description $W $Help.Synopsis
    $W.WriteEndElement()

    Write-Description $W $Help.Description

    # Syntax: one item per parameter set, default set first; positional parameters, then mandatory, then the others, as
    # PowerShell's own syntax display orders them.
    $W.WriteStartElement('syntax', $ns.command)
    $sets = @($Command.ParameterSets | Where-Object IsDefault) + @($Command.ParameterSets | Where-Object { -not $_.IsDefault })
    foreach ($set in $sets) {
        $W.WriteStartElement('syntaxItem', $ns.command)
        $W.WriteElementString('name', $ns.maml, $Command.Name)
        $params = @($set.Parameters | Where-Object { -not (Test-IsCommon $_.Name) })
        $ordered = @($params | Where-Object Position -ge 0 | Sort-Object Position) +
            @($params | Where-Object { $_.Position -lt 0 -and $_.IsMandatory }) +
            @($params | Where-Object { $_.Position -lt 0 -and -not $_.IsMandatory })
        foreach ($sp in $ordered) {
            $meta = $Command.Parameters[$sp.Name]
            $key = if ($meta.ParameterSets.ContainsKey($set.Name)) { $set.Name } else { '__AllParameterSets' }
            $view = Get-ParameterView $meta $key
            Write-Parameter $W $view @() $Help.Defaults[$sp.Name] -InSyntax
        }
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('parameters', $ns.command)
    foreach ($name in $Help.ParameterOrder) {
        $meta = $Command.Parameters[$name]
        Write-Parameter $W (Get-ParameterView $meta $null) $Help.ParameterText[$name] $Help.Defaults[$name]
    }
    $W.WriteEndElement()

    foreach ($kind in @(@{ List = 'inputTypes'; Item = 'inputType'; Entries = $Help.Inputs }, @{ List = 'returnValues'; Item = 'returnValue'; Entries = $Help.Outputs })) {
        $W.WriteStartElement($kind.List, $ns.command)
        foreach ($e in $kind.Entries) {
            $W.WriteStartElement($kind.Item, $ns.command)
            Write-Type $W $e.Type
            Write-Description $W $e.Paragraphs
            $W.WriteEndElement()
        }
        $W.WriteEndElement()
    }

    $W.WriteStartElement('alertSet', $ns.maml)
    $W.WriteStartElement('alert', $ns.maml); Write-Paras $W $Help.Notes; $W.WriteEndElement()
    $W.WriteEndElement()

    $W.WriteStartElement('examples', $ns.command)
    $i = 0
    foreach ($ex in $Help.Examples) {
        $i++
        $title = if ($ex.Title -match '^Example\s+\d+') { $ex.Title } else { "Example ${i}: $($ex.Title)" }
        $W.WriteStartElement('example', $ns.command)
        $W.WriteElementString('title', $ns.maml, "-------------------------- $title --------------------------")
        $W.WriteElementString('code', $ns.dev, $ex.Code)
        # The empty paragraph separates the example from the next title in Get-Help's output.
        $W.WriteStartElement('remarks', $ns.dev); Write-Paras $W ($ex.Remarks + ''); $W.WriteEndElement()
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteStartElement('relatedLinks', $ns.command)
    foreach ($l in $Help.Links) {
        $W.WriteStartElement('navigationLink', $ns.maml)
        $W.WriteElementString('linkText', $ns.maml, $l.Text)
        $W.WriteElementString('uri', $ns.maml, $l.Uri)
        $W.WriteEndElement()
    }
    $W.WriteEndElement()

    $W.WriteEndElement()
}

#endregion

# ---------------------------------------------------------------------------------------------------------------------

if (-not (Test-Path -LiteralPath $ModulePath)) {
    [Console]::Error.WriteLine("Generate-Help: the module '$ModulePath' is not built; run 'dotnet pwsh ./build.ps1 Build' first.")
    exit 1
}
$module = Import-Module $ModulePath -Force -PassThru -WarningAction SilentlyContinue
$commands = @($module.ExportedCmdlets.Values | Sort-Object Name)
$aliases = @{}
foreach ($a in $module.ExportedAliases.Values) { $aliases[$a.Name] = $a.Definition }
$aboutFolder = Split-Path -Parent ([IO.Path]::GetFullPath($OutputPath))
$aboutTopics = @(Get-ChildItem -LiteralPath $aboutFolder -Filter 'about_*.help.txt' -ErrorAction SilentlyContinue | ForEach-Object { $_.Name -replace '\.help\.txt$', '' })

$mdFiles = @(Get-ChildItem -LiteralPath $MarkdownFolder -Filter *.md -File | Where-Object Name -ne 'README.md' | Sort-Object Name)
foreach ($f in $mdFiles) {
    if (-not ($commands | Where-Object Name -eq $f.BaseName)) { Add-Problem "$($f.Name): no exported cmdlet is named '$($f.BaseName)'." }
}

$helps = [System.Collections.Generic.List[object]]::new()
foreach ($command in $commands) {
    $file = $mdFiles | Where-Object BaseName -eq $command.Name
    if (-not $file) { Add-Problem "$($command.Name) has no help file: write $(Join-Path $MarkdownFolder "$($command.Name).md") (layout: docs/help/README.md)."; continue }
    $doc = Read-HelpMarkdown $file
    $fileName = $file.Name

    $synopsis = @(Get-SectionParagraphs $doc 'Synopsis' -Required -NoWrap | ForEach-Object { ConvertFrom-Inline $_ })
    if ($synopsis.Count -gt 1) { Add-Problem "${fileName}: the synopsis is one paragraph." }
    $description = Get-SectionParagraphs $doc 'Description' -Required
    $notes = Get-SectionParagraphs $doc 'Notes' -Required
    $documented = Get-ParameterEntries $doc
    $inputs = Get-TypeEntries $doc 'Inputs'
    $outputs = Get-TypeEntries $doc 'Outputs'
    $examples = Get-ExampleEntries $doc
    $links = Get-RelatedLinks $doc

    # Parameters: the markdown and the code must name the same ones.
    $codeParams = @($command.Parameters.Values | Where-Object { -not (Test-IsCommon $_.Name) })
    foreach ($name in $documented.Keys) {
        $meta = $command.Parameters.Values | Where-Object Name -eq $name
        if (-not $meta) { Add-Problem "${fileName}:$($documented[$name].Line): documents -$name, which $($command.Name) does not have." }
        elseif (Test-IsCommon $name) { Add-Problem "${fileName}:$($documented[$name].Line): -$name is a common parameter; do not document it." }
        elseif ($meta.Name -cne $name) { Add-Problem "${fileName}:$($documented[$name].Line): write -$($meta.Name), as the cmdlet spells it, not -$name." }
    }
    foreach ($p in $codeParams) {
        if (-not $documented.Contains($p.Name) -and $RiskParameters -notcontains $p.Name) {
            Add-Problem "${fileName}: parameter -$($p.Name) of $($command.Name) is not documented (add '### -$($p.Name)' under '## Parameters')."
        }
    }

    # Outputs are exactly the [OutputType] types; inputs include every type taken by value from the pipeline.
    $declared = @($command.OutputType | ForEach-Object { if ($_.Type) { Get-FullTypeName $_.Type } else { $_.Name } } | Sort-Object -Unique)
    $written = @($outputs | ForEach-Object Type | Sort-Object -Unique)
    foreach ($t in $declared) { if ($written -notcontains $t) { Add-Problem "${fileName}: '## Outputs' misses $t, which $($command.Name) declares with [OutputType]." } }
    foreach ($t in $written) { if ($declared -notcontains $t) { Add-Problem "${fileName}: '## Outputs' names $t, which $($command.Name) does not declare with [OutputType] (it declares: $($declared -join ', '))." } }
    $inputTypes = @($inputs | ForEach-Object Type)
    foreach ($p in $codeParams) {
        if (-not ($p.ParameterSets.Values | Where-Object ValueFromPipeline)) { continue }
        $full = Get-FullTypeName $p.ParameterType
        $element = $full -replace '\[\]$', ''
        if ($inputTypes -notcontains $full -and $inputTypes -notcontains $element) {
            Add-Problem "${fileName}: '## Inputs' misses $element, which -$($p.Name) takes from the pipeline."
        }
    }

    foreach ($ex in $examples) { Test-ExampleCode $doc $ex $commands $aliases }
    foreach ($l in $links) {
        if ($l.Uri) { continue }
        if ($l.Text -like 'about_*') {
            if ($aboutTopics -notcontains $l.Text) { Add-Problem "${fileName}: related link '$($l.Text)' names no about topic in $aboutFolder." }
        }
        elseif (-not (Get-Command $l.Text -ErrorAction SilentlyContinue)) { Add-Problem "${fileName}: related link '$($l.Text)' names no command." }
    }

    # Defaults: from a new instance of the cmdlet, unless the markdown states one (computed at run time).
    $instance = [Activator]::CreateInstance($command.ImplementingType)
    $defaults = @{}; $text = @{}
    $order = [System.Collections.Generic.List[string]]::new()
    foreach ($name in $documented.Keys) {
        $meta = $command.Parameters.Values | Where-Object Name -ceq $name
        if (-not $meta -or (Test-IsCommon $name)) { continue }
        $order.Add($name)
        $text[$name] = $documented[$name].Paragraphs
        $defaults[$name] = if ($documented[$name].Default) { $documented[$name].Default } else { Get-CodeDefault $instance $meta }
    }
    foreach ($name in $RiskParameters) {
        if ($command.Parameters.ContainsKey($name) -and -not $documented.Contains($name)) {
            $order.Add($name); $text[$name] = @($StandardText[$name]); $defaults[$name] = 'False'
        }
    }
    foreach ($p in $codeParams) { if (-not $defaults.ContainsKey($p.Name)) { $defaults[$p.Name] = Get-CodeDefault $instance $p } }

    $helps.Add([pscustomobject]@{
            Command = $command; Synopsis = $synopsis; Description = $description; Notes = $notes
            ParameterOrder = $order; ParameterText = $text; Defaults = $defaults
            Inputs = $inputs; Outputs = $outputs; Examples = $examples; Links = $links
        })
}

if ($Problems.Count -gt 0) {
    [Console]::Error.WriteLine("Generate-Help: $($Problems.Count) problem(s) in $MarkdownFolder against $ModulePath :")
    foreach ($p in $Problems) { [Console]::Error.WriteLine("  $p") }
    exit 1
}

$target = [IO.Path]::GetFullPath($OutputPath)
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.IndentChars = '  '
$settings.NewLineChars = "`n"
$settings.Encoding = [System.Text.UTF8Encoding]::new($false)
$buffer = [System.IO.MemoryStream]::new()
$w = [System.Xml.XmlWriter]::Create($buffer, $settings)
try {
    $w.WriteStartDocument()
    $w.WriteComment(' Generated by tools/Generate-Help.ps1 from docs/help/*.md and the cmdlets'' metadata. Do not edit: edit the markdown and regenerate. ')
    $w.WriteStartElement('helpItems', 'http://msh')
    $w.WriteAttributeString('schema', 'maml')
    foreach ($h in $helps) { Write-Command $w $h.Command $h }
    $w.WriteEndElement()
    $w.WriteEndDocument()
}
finally {
    $w.Dispose()
}
$xml = [System.Text.UTF8Encoding]::new($false).GetString($buffer.ToArray()) + "`n"

if (-not $Check) {
    New-Item -ItemType Directory -Force -Path (Split-Path -Parent $target) | Out-Null
    [IO.File]::WriteAllText($target, $xml, [System.Text.UTF8Encoding]::new($false))
    Write-Host "Generate-Help: wrote $target ($($helps.Count) cmdlets)."
    exit 0
}

# -Check: regenerate to a temporary file and compare it with the committed one (line endings aside).
$generated = Join-Path ([IO.Path]::GetTempPath()) ("Deid.PowerShell.dll-Help." + [guid]::NewGuid().ToString('N').Substring(0, 8) + '.xml')
[IO.File]::WriteAllText($generated, $xml, [System.Text.UTF8Encoding]::new($false))
if (-not (Test-Path -LiteralPath $target)) {
    [Console]::Error.WriteLine("Generate-Help -Check: $target does not exist; run 'dotnet pwsh ./build.ps1 Help' and commit it.")
    exit 1
}
$expected = ([IO.File]::ReadAllText($generated)) -replace "`r`n", "`n"
$actual = ([IO.File]::ReadAllText($target)) -replace "`r`n", "`n"
if ($expected -ne $actual) {
    $e = $expected -split "`n"; $a = $actual -split "`n"
    $line = 0
    while ($line -lt [Math]::Min($e.Count, $a.Count) -and $e[$line] -eq $a[$line]) { $line++ }
    [Console]::Error.WriteLine("Generate-Help -Check: $target is out of date: the markdown or the cmdlets changed since it was generated.")
    [Console]::Error.WriteLine("  first difference at line $($line + 1):")
    [Console]::Error.WriteLine("    committed: $(if ($line -lt $a.Count) { $a[$line].Trim() } else { '(end of file)' })")
    [Console]::Error.WriteLine("    generated: $(if ($line -lt $e.Count) { $e[$line].Trim() } else { '(end of file)' })")
    [Console]::Error.WriteLine("  The regenerated file is $generated.")
    [Console]::Error.WriteLine("  Run 'dotnet pwsh ./build.ps1 Help' and commit module/en-US/Deid.PowerShell.dll-Help.xml.")
    exit 1
}
Remove-Item -LiteralPath $generated
Write-Host "Generate-Help -Check: $target is up to date ($($helps.Count) cmdlets)."
exit 0

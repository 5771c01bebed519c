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

# The functions, one file per job: reading the markdown, reading the cmdlets' metadata, writing MAML.
foreach ($part in 'Markdown', 'Metadata', 'Maml') { . (Join-Path $PSScriptRoot "Help/$part.ps1") }

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

# Part of tools/Generate-Help.ps1 (dot-sourced by it): writing the MAML help XML that Get-Help reads.
Set-StrictMode -Version 3.0

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

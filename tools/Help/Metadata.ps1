# Part of tools/Generate-Help.ps1 (dot-sourced by it): what the cmdlets' own metadata says (types, accepted values, defaults, pipeline input), and the checks of the markdown against it.
Set-StrictMode -Version 3.0

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
    # A parameter every set requires has no default: a value type's zero would read as one ("Required: true, Default value: 0").
    if (@($Parameter.ParameterSets.Values | Where-Object { -not $_.IsMandatory }).Count -eq 0) { return 'None' }
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

# The module's help: Get-Help for every exported cmdlet is complete (written synopsis, description, every parameter, three or
# more examples), the about topics resolve, the committed MAML matches docs/help/*.md and the cmdlets' metadata
# (tools/Generate-Help.ps1 -Check), the generator refuses help that does not match the code, and every example marked
# "runnable" in docs/help runs without error against synthetic data.

BeforeDiscovery {
    $repo = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $manifest = if ($env:DEID_MODULE_PATH) { $env:DEID_MODULE_PATH } else { Join-Path $repo 'out/Deid/Deid.psd1' }
    $script:Cmdlets = @((Import-PowerShellDataFile -LiteralPath $manifest).CmdletsToExport | Sort-Object | ForEach-Object { @{ Name = $_ } })

    # Runnable examples: a "### Title" heading, then a ```powershell runnable fence.
    $script:Examples = foreach ($md in Get-ChildItem (Join-Path $repo 'docs/help') -Filter *.md | Where-Object Name -ne 'README.md' | Sort-Object Name) {
        $title = $null; $code = $null
        foreach ($line in Get-Content -LiteralPath $md.FullName) {
            if ($null -ne $code) {
                if ($line -match '^```\s*$') { @{ Cmdlet = $md.BaseName; Title = $title; Code = ($code -join "`n") }; $code = $null }
                else { $code.Add($line) }
            }
            elseif ($line -match '^###\s+(.+?)\s*$') { $title = $Matches[1] }
            elseif ($line -match '^```powershell\s+runnable\s*$') { $code = [System.Collections.Generic.List[string]]::new() }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:Generator = Join-Path $RepoRoot 'tools/Generate-Help.ps1'
    $script:MarkdownFolder = Join-Path $RepoRoot 'docs/help'
    $script:CommittedXml = Join-Path $RepoRoot 'module/en-US/Deid.PowerShell.dll-Help.xml'
    $script:Common = [System.Management.Automation.Cmdlet]::CommonParameters


    function Get-ParaText($Node) { (@($Node) | ForEach-Object { $_.Text }) -join "`n" }
}

Describe 'Get-Help <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $script:command = Get-Command -Name $Name -Module Deid
        $script:help = Get-Help -Name $Name -Full
        $script:parameters = @($command.Parameters.Values | Where-Object { $Common -notcontains $_.Name })
    }

    It 'comes from the module''s MAML file, not from the syntax alone' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$([regex]::Escape($Name))\b"
        $help.Synopsis | Should -Not -Match 'CommonParameters'
        $help.Synopsis.Length | Should -BeGreaterThan 30
    }

    It 'has a description' {
        (Get-ParaText $help.description).Trim().Length | Should -BeGreaterThan 100
    }

    It 'describes every parameter, -WhatIf and -Confirm included' {
        foreach ($p in $parameters) {
            $entry = @($help.parameters.parameter) | Where-Object name -eq $p.Name
            $entry | Should -Not -BeNullOrEmpty -Because "-$($p.Name) should be in the help"
            (Get-ParaText $entry.description).Trim() | Should -Not -BeNullOrEmpty -Because "-$($p.Name) should be described"
        }
        @($help.parameters.parameter).Count | Should -Be $parameters.Count
    }

    It 'shows each parameter''s type, mandatory, position and pipeline input as the code declares them' {
        foreach ($p in $parameters) {
            $entry = @($help.parameters.parameter) | Where-Object name -eq $p.Name
            $entry.type.name | Should -Be $p.ParameterType.FullName -Because "-$($p.Name) type"
            $sets = @($p.ParameterSets.Values)
            $entry.required | Should -Be ((-not ($sets.IsMandatory -contains $false)).ToString().ToLowerInvariant()) -Because "-$($p.Name) required"
            $position = @($sets.Position | Sort-Object -Unique)
            $expected = if ($position.Count -eq 1 -and $position[0] -ge 0) { "$($position[0])" } else { 'named' }
            $entry.position | Should -Be $expected -Because "-$($p.Name) position"
            $byValue = [bool]($sets | Where-Object ValueFromPipeline)
            $entry.pipelineInput -match 'ByValue' | Should -Be $byValue -Because "-$($p.Name) pipeline input by value"
        }
    }

    It 'has one syntax line per parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be @($command.ParameterSets).Count
    }

    It 'has at least three examples, each with code and an explanation' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 3
        foreach ($e in $examples) {
            $e.code.Trim() | Should -Not -BeNullOrEmpty -Because $e.title
            (Get-ParaText $e.remarks).Trim() | Should -Not -BeNullOrEmpty -Because $e.title
        }
    }

    It 'names its input and output types and has notes' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        @($help.returnValues.returnValue).Count | Should -BeGreaterThan 0
        foreach ($t in $command.OutputType) { @($help.returnValues.returnValue.type.name) | Should -Contain $t.Type.FullName }
        (Get-ParaText $help.alertSet.alert).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'renders with Get-Help -Full and -Examples' {
        $full = Get-Help -Name $Name -Full | Out-String -Width 120
        $full | Should -Match 'PARAMETERS'
        $full | Should -Match 'Example 3'
        Get-Help -Name $Name -Examples | Out-String | Should -Match 'Example 1'
    }
}

Describe 'About topics' {
    BeforeAll {
        $script:outFolder = Split-Path -Parent (Split-Path -Parent (Resolve-Path $ModulePath).Path)
        $script:savedModulePath = $env:PSModulePath
        $env:PSModulePath = $outFolder + [IO.Path]::PathSeparator + $env:PSModulePath
    }
    AfterAll {
        $env:PSModulePath = $savedModulePath
    }

    It '<Topic> resolves with the module''s folder on PSModulePath' -ForEach @(
        @{ Topic = 'about_Deid'; Text = 'EXTRACT, EDIT, REPLACE' }
        @{ Topic = 'about_Deid_Recipes'; Text = 'docs/recipe-semantics.md' }
    ) {
        $h = Get-Help -Name $Topic
        $h.Name | Should -Be $Topic
        $h.Category | Should -Be 'HelpFile'
        $h.Synopsis | Should -Not -BeNullOrEmpty
        ($h | Out-String) | Should -Match ([regex]::Escape($Text))
    }

    It 'resolves, with cmdlet help, in a new session where the module is installed but not imported' {
        $script = Join-Path (New-TestFolder) 'about.ps1'
        @"
`$env:PSModulePath = '$outFolder' + [IO.Path]::PathSeparator + `$env:PSModulePath
(Get-Help about_Deid).Name
(Get-Help about_Deid_Recipes).Name
(Get-Help Invoke-DeidReplace).Synopsis
"@ | Set-Content -LiteralPath $script
        $r = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-File', $script)
        $r.ExitCode | Should -Be 0 -Because $r.Text
        $r.Text | Should -Match 'about_Deid\b'
        $r.Text | Should -Match 'about_Deid_Recipes'
        $r.Text | Should -Match 'Writes de-identified copies'
        Remove-Item (Split-Path $script) -Recurse -Force
    }
}

Describe 'tools/Generate-Help.ps1' {
    It '-Check: the committed help matches docs/help and the cmdlets (run "dotnet pwsh ./build.ps1 Help" when it fails)' {
        $r = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-File', $Generator, '-Check', '-ModulePath', $ModulePath)
        $r.ExitCode | Should -Be 0 -Because $r.Text
        $r.Text | Should -Match 'up to date'
    }

    It 'the module''s help file is the committed one' {
        $installed = Join-Path (Split-Path -Parent $ModulePath) 'en-US/Deid.PowerShell.dll-Help.xml'
        (Get-FileHash -LiteralPath $installed).Hash | Should -Be (Get-FileHash -LiteralPath $CommittedXml).Hash
    }

    Context 'markdown that does not match the code' {
        BeforeAll {
            $script:broken = New-TestFolder
            Copy-Item (Join-Path $MarkdownFolder '*.md') -Destination $broken
            # A parameter the cmdlet does not have, and a real one left out.
            $path = Join-Path $broken 'Get-DicomDataset.md'
            $text = (Get-Content -LiteralPath $path -Raw) -replace '(?s)### -HeaderOnly.*?(?=## Inputs)', "### -Bogus`nNot a parameter of this cmdlet.`n`n"
            Set-Content -LiteralPath $path -Value $text
            # An example calling a parameter that does not exist.
            $path = Join-Path $broken 'Get-DeidAction.md'
            (Get-Content -LiteralPath $path -Raw) -replace 'Get-DeidAction -Action REPLACE \| Select-Object -First 8', 'Get-DeidAction -Kind REPLACE' |
                Set-Content -LiteralPath $path
            # A cmdlet without a file.
            Remove-Item -LiteralPath (Join-Path $broken 'New-DicomSample.md')
            $script:result = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-File', $Generator, '-ModulePath', $ModulePath,
                '-MarkdownFolder', $broken, '-OutputPath', (Join-Path $broken 'out.xml'))
        }
        AfterAll { Remove-Item $broken -Recurse -Force -ErrorAction SilentlyContinue }

        It 'fails with a non-zero exit code and writes nothing' {
            $result.ExitCode | Should -Be 1
            Test-Path (Join-Path $broken 'out.xml') | Should -BeFalse
        }
        It 'names a documented parameter the cmdlet does not have' {
            $result.Text | Should -Match 'Get-DicomDataset\.md:\d+: documents -Bogus, which Get-DicomDataset does not have'
        }
        It 'names an undocumented parameter' {
            $result.Text | Should -Match 'parameter -HeaderOnly of Get-DicomDataset is not documented'
        }
        It 'names a cmdlet without a markdown file' {
            $result.Text | Should -Match 'New-DicomSample has no help file'
        }
        It 'names an example that calls a parameter the cmdlet does not have' {
            $result.Text | Should -Match 'calls Get-DeidAction with -Kind, which Get-DeidAction does not have'
        }
    }

    It '-Check fails when the markdown changed but the help was not regenerated' {
        $changed = New-TestFolder
        Copy-Item (Join-Path $MarkdownFolder '*.md') -Destination $changed
        $path = Join-Path $changed 'Export-DeidRecipe.md'
        (Get-Content -LiteralPath $path -Raw) -replace 'Returns the written file as a FileInfo object', 'Returns the file written' | Set-Content -LiteralPath $path
        $r = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-File', $Generator, '-Check', '-ModulePath', $ModulePath,
            '-MarkdownFolder', $changed, '-OutputPath', $CommittedXml)
        $r.ExitCode | Should -Be 1
        $r.Text | Should -Match 'out of date'
        Remove-Item $changed -Recurse -Force
    }
}

Describe 'Examples in docs/help' {
    It '<Name> has at least three runnable examples' -ForEach $Cmdlets {
        @($Examples | Where-Object { $_.Cmdlet -eq $Name }).Count | Should -BeGreaterOrEqual 3
    }

    It '<Cmdlet>, <Title>: runs without error' -ForEach $Examples {
        $folder = New-TestFolder
        Push-Location -LiteralPath $folder
        try {
            $ErrorActionPreference = 'Stop'
            $WarningPreference = 'SilentlyContinue'
            $ProgressPreference = 'SilentlyContinue'
            $null = & ([scriptblock]::Create($Code)) | Out-String -Width 200
        }
        finally {
            Pop-Location
            Get-ChildItem -LiteralPath $folder -Recurse -File -Force | ForEach-Object { $_.IsReadOnly = $false }
            Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

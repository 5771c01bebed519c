# Issue 11 items 8 (messages: warnings, -Verbose, -Debug, progress) and 13 (-Recipe takes an object, a shipped name or a path on
# every cmdlet). Each test reproduces the problem as it was met before the fix.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:inputs = New-DicomSample -Path (Join-Path $folder 'in') -Count 12 -Modality CT -Seed 13 -InstancesPerSeries 6
    function New-Recipe([string]$name, [string]$text) {
        $path = Join-Path $script:folder $name
        Set-Content -LiteralPath $path -Value $text
        $path
    }
    $script:typo = New-Recipe 'deid.typo' "FORMAT dicom`n%header`nREMOVE PatientNaem`nREMOVE PatientID"
    function Get-Completion([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
    }
    # Runs a script in a fresh runspace with the module loaded, returning its streams (progress cannot be redirected).
    function Invoke-Captured([scriptblock]$script, [hashtable]$arguments = @{}) {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddCommand('Import-Module').AddParameter('Name', $script:ModulePath).AddStatement()
            $null = $ps.AddScript($script.ToString())
            foreach ($k in $arguments.Keys) { $null = $ps.AddParameter($k, $arguments[$k]) }
            $output = $ps.Invoke()
            [pscustomobject]@{ Output = $output; Progress = @($ps.Streams.Progress); Verbose = @($ps.Streams.Verbose); Debug = @($ps.Streams.Debug); Warning = @($ps.Streams.Warning); Error = @($ps.Streams.Error) }
        }
        finally { $ps.Dispose() }
    }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe '8. Warnings go through WriteWarning' {
    It 'a recipe path given to -Recipe of <command> warns through -WarningVariable, and -WarningAction SilentlyContinue hides it' -ForEach @(
        @{ command = 'Get-DeidAction'; extra = @{} },
        @{ command = 'Get-DeidFilter'; extra = @{} },
        @{ command = 'Get-DicomIdentifier'; extra = @{ Path = 'FIRST' } },
        @{ command = 'Test-DeidOutput'; extra = @{ OriginalPath = 'FIRST'; OutputPath = 'FIRST' } },
        @{ command = 'Invoke-DeidReplace'; extra = @{ Path = 'FIRST'; OutputFolder = 'OUT' } }
    ) {
        $arguments = @{}
        foreach ($k in $extra.Keys) {
            $arguments[$k] = switch ($extra[$k]) { 'FIRST' { $inputs[0].FullName } 'OUT' { Join-Path $folder "out-warn-$command" } }
        }
        # In a child runspace: before the fix the warning went straight to the host, so the runspace's warning stream is
        # where a misrouted warning would be missing from.
        $r = Invoke-Captured {
            param($Command, $Recipe, $Arguments)
            $null = & $Command -Recipe $Recipe @Arguments -WarningVariable w -WarningAction SilentlyContinue
            @($w | ForEach-Object { "$_" })
        } @{ Command = $command; Recipe = $typo; Arguments = $arguments }
        $r.Warning.Count | Should -Be 0 -Because '-WarningAction SilentlyContinue hides the warning'
        @($r.Output | Where-Object { $_ -like "*PatientNaem*" }).Count | Should -Be 1 -Because '-WarningVariable collects it, once'
    }

    It 'writes the recipe warning to the warning stream of the command (not the host) when not silenced' {
        $r = Invoke-Captured { param($Recipe) $null = Get-DeidAction -Recipe $Recipe } @{ Recipe = $typo }
        @($r.Warning | Where-Object { "$_" -like "*PatientNaem*is not a DICOM keyword*" }).Count | Should -Be 1
    }

    It 'does not warn twice for an object from Get-DeidRecipe' {
        $recipe = Get-DeidRecipe -Path $typo -WarningAction SilentlyContinue
        $null = Get-DeidAction -Recipe $recipe -WarningVariable w -WarningAction SilentlyContinue
        @($w).Count | Should -Be 0
    }
}

Describe '8. -Verbose and -Debug' {
    It 'says which recipe files were loaded, the output folder and a closing summary' {
        $out = Join-Path $folder 'out-verbose'
        $null = Invoke-DeidReplace -Path $inputs[0..2].FullName -Recipe $typo -OutputFolder $out -Verbose 4>&1 -WarningAction SilentlyContinue -OutVariable all
        $verbose = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Where-Object { $_ -like "Recipe loaded from: *$typo*" } | Should -Not -BeNullOrEmpty
        $verbose | Where-Object { $_ -like "Output folder: *out-verbose" } | Should -Not -BeNullOrEmpty
        $summary = $verbose | Where-Object { $_ -like 'Invoke-DeidReplace: * file(s) processed*' }
        $summary | Should -HaveCount 1
        $summary | Should -Match '3 file\(s\) processed: 3 written, 0 failed, 0 skipped, in [0-9.]+ s\.'
    }

    It 'counts a failed file in the summary' {
        $bad = Join-Path $folder 'not-dicom.dcm'
        Set-Content -LiteralPath $bad -Value 'not a DICOM file'
        $out = Join-Path $folder 'out-failed'
        $null = Invoke-DeidReplace -Path $inputs[0].FullName, $bad -OutputFolder $out -Verbose -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1 -OutVariable all
        $summary = @($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*file(s) processed*' })
        $summary[0].Message | Should -Match '2 file\(s\) processed: 1 written, 1 failed, 0 skipped'
    }

    It 'counts a -WhatIf dry run as skipped' {
        $out = Join-Path $folder 'out-whatif'
        $null = Invoke-DeidReplace -Path $inputs[0].FullName -OutputFolder $out -WhatIf -Verbose -WarningAction SilentlyContinue 4>&1 -OutVariable all
        ($all | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*file(s) processed*' }).Message |
            Should -Match '1 file\(s\) processed: 0 written, 0 failed, 1 skipped'
    }

    It 'gives per-file engine decisions with -Debug, and none without' {
        $out = Join-Path $folder 'out-debug'
        $with = Invoke-Captured { param($P, $O) $null = Invoke-DeidReplace -Path $P -OutputFolder $O -Debug -WarningAction SilentlyContinue } @{ P = $inputs[0].FullName; O = $out }
        $with.Debug.Message | Where-Object { $_ -like "$($inputs[0].FullName): header actions applied:*" } | Should -HaveCount 1
        $without = Invoke-Captured { param($P, $O) $null = Invoke-DeidReplace -Path $P -OutputFolder $O -Force -WarningAction SilentlyContinue } @{ P = $inputs[1].FullName; O = $out }
        $without.Debug.Count | Should -Be 0
    }
}

# PowerShell 7 still makes -Debug mean "ask" for the warning and verbose messages of compiled cmdlets (not of script
# functions): after the first one a runbook stopped with "PowerShell is in NonInteractive mode", an interactive user was asked
# to confirm each message. Every cmdlet of the module is run here with -Debug, in a non-interactive pwsh, so that it writes
# warnings (folders given without -Recurse, no recipe given) and verbose messages.
Describe '8. -Debug in a non-interactive session' {
    It 'lets every cmdlet write its warnings and go on, debug messages shown, warnings captured' {
        $work = Join-Path $folder 'debug-runbook'
        New-Item -ItemType Directory -Path $work -Force | Out-Null
        $sample = $inputs[0].FullName
        $script = Join-Path $work 'runbook.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Work, $Sample)
$ErrorActionPreference = 'Continue'
Import-Module $Module
$folders = @((Join-Path $Work 'a'), (Join-Path $Work 'b'))
$folders | ForEach-Object { New-Item -ItemType Directory -Path $_ -Force | Out-Null }
$out = Join-Path $Work 'out'
$runs = [ordered]@{
    'Get-DicomIdentifier'   = { Get-DicomIdentifier -Path $folders -Debug }
    'Get-DicomDataset'      = { Get-DicomDataset -Path $folders -Debug }
    'Test-DicomBurnedPixel' = { Test-DicomBurnedPixel -Path $folders -Debug }
    'Split-DeidWork'        = { Split-DeidWork -Path $folders -ShardCount 2 -Debug }
    'Invoke-DeidReplace'    = { Invoke-DeidReplace -LiteralPath $Sample -OutputFolder (Join-Path $out 'r') -Debug; Invoke-DeidReplace -Path $folders -OutputFolder (Join-Path $out 'r2') -Debug }
    'Clear-DicomPixel'      = { Clear-DicomPixel -LiteralPath $Sample -OutputFolder (Join-Path $out 'c') -Debug; Clear-DicomPixel -Path $folders -OutputFolder (Join-Path $out 'c2') -Debug }
    'Compare-DicomDataset'  = { Compare-DicomDataset -ReferenceObject $folders[0] -DifferenceObject $folders[1] -Debug -ErrorAction SilentlyContinue }
    'Merge-DeidCrosswalk'   = { Merge-DeidCrosswalk -Path $folders -OutputPath (Join-Path $out 'x.csv') -Debug -ErrorAction SilentlyContinue }
    'Get-DeidRecipe'        = { Get-DeidRecipe -BaseName dicom -Debug }
    'Get-DeidAction'        = { Get-DeidAction -Debug }
    'Get-DeidFilter'        = { Get-DeidFilter -Debug }
    'Export-DeidRecipe'     = { Export-DeidRecipe -Path (Join-Path $out 'deid.copy') -Recipe dicom -Debug -PassThru }
    'New-DicomSample'       = { New-DicomSample -Path (Join-Path $out 'samples') -Count 1 -Debug }
    'Test-DeidOutput'       = { Test-DeidOutput -OriginalPath $Sample -OutputPath $Sample -Debug }
}
foreach ($name in $runs.Keys) {
    $w = $null
    try {
        $null = & $runs[$name] -WarningVariable w 3>$null 5>$null
        "$name=ok"
    }
    catch { "$name=failed: $($_.Exception.Message)" }
}
# The debug stream still carries the engine's decisions, and warnings still reach -WarningVariable.
$debug = Invoke-DeidReplace -LiteralPath $Sample -OutputFolder (Join-Path $out 'r3') -Debug -WarningVariable caught 3>$null 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
"debug=$(@($debug | Where-Object Message -like '*header actions applied*').Count)"
"warnings=$(@($caught | Where-Object { "$_" -like '*No recipe given*' }).Count)"
'@
        $run = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-File', $script, $ModulePath, $work, $sample)
        $run.Text | Should -Not -Match 'NonInteractive mode'
        $lines = $run.Text -split "`n"
        $exported = @((Get-Command -Module Deid -CommandType Cmdlet).Name | Sort-Object)
        @($lines | Where-Object { $_ -match '^[A-Z][a-z]+-[A-Za-z]+=ok$' } | ForEach-Object { ($_ -split '=')[0] } | Sort-Object) | Should -Be $exported
        $lines | Should -Contain 'debug=1'
        $lines | Should -Contain 'warnings=1'
        $run.ExitCode | Should -Be 0
    }
}

Describe '8. -Debug names the filter labels that matched' {
    BeforeAll {
        $script:labelled = New-Recipe 'deid.labels' "FORMAT dicom`n%filter graylist`nLABEL Band Of CT Text`n  present Modality`n  coordinates 0,0,4,4`n`nLABEL Never Matches`n  contains Modality ZZZ`n  coordinates 0,0,8,8"
        $script:unflagging = New-Recipe 'deid.nolabel' "FORMAT dicom`n%filter graylist`nLABEL Never Matches`n  contains Modality ZZZ`n  coordinates 0,0,8,8"
    }

    It '<command> -Debug lists the labels that matched per file' -ForEach @(
        @{ command = 'Invoke-DeidReplace'; script = { param($P, $O, $R) $null = Invoke-DeidReplace -Path $P -OutputFolder $O -Recipe $R -CleanPixels -Debug -WarningAction SilentlyContinue } }
        @{ command = 'Clear-DicomPixel'; script = { param($P, $O, $R) $null = Clear-DicomPixel -Path $P -OutputFolder $O -Recipe $R -Debug -WarningAction SilentlyContinue } }
        @{ command = 'Test-DicomBurnedPixel'; script = { param($P, $O, $R) $null = Test-DicomBurnedPixel -Path $P -Recipe $R -Debug -WarningAction SilentlyContinue } }
    ) {
        $out = Join-Path $folder "out-labels-$command"
        $with = Invoke-Captured $script @{ P = $inputs[0].FullName; O = $out; R = $labelled }
        $with.Error | Should -BeNullOrEmpty
        $lines = @($with.Debug.Message | Where-Object { $_ -like "$($inputs[0].FullName): *label*" })
        $lines | Should -HaveCount 1
        $lines[0] | Should -Match "graylist label 'Band Of CT Text' \(.*Modality.*\)"
        $lines[0] | Should -Not -Match 'Never Matches'
    }

    It '<command> -Debug says when no label matched' -ForEach @(
        @{ command = 'Clear-DicomPixel'; script = { param($P, $O, $R) $null = Clear-DicomPixel -Path $P -OutputFolder $O -Recipe $R -Debug -WarningAction SilentlyContinue } }
        @{ command = 'Test-DicomBurnedPixel'; script = { param($P, $O, $R) $null = Test-DicomBurnedPixel -Path $P -Recipe $R -Debug -WarningAction SilentlyContinue } }
    ) {
        $with = Invoke-Captured $script @{ P = $inputs[0].FullName; O = (Join-Path $folder "out-nolabel-$command"); R = $unflagging }
        $with.Debug.Message | Where-Object { $_ -like "$($inputs[0].FullName): *no filter label matched" } | Should -HaveCount 1
    }

    It 'writes no label lines without -Debug' {
        $without = Invoke-Captured { param($P, $R) $null = Test-DicomBurnedPixel -Path $P -Recipe $R } @{ P = $inputs[0].FullName; R = $labelled }
        $without.Debug.Count | Should -Be 0
    }
}

Describe '8. Progress' {
    It 'uses a fresh record per update, knows the total with -Path, names the file and ends at 100%' {
        $out = Join-Path $folder 'out-progress'
        $r = Invoke-Captured { param($P, $O) $null = Invoke-DeidReplace -Path $P -OutputFolder $O -WarningAction SilentlyContinue } @{ P = [string[]]$inputs.FullName; O = $out }
        $updates = @($r.Progress | Where-Object { $_.RecordType -eq 'Processing' -and $_.Activity -eq 'Invoke-DeidReplace' })
        $updates.Count | Should -BeGreaterOrEqual 2
        $updates[0].StatusDescription | Should -Match "^1 of 12: $([regex]::Escape($inputs[0].Name))$"
        $updates[0].PercentComplete | Should -Be 8
        $updates[-1].StatusDescription | Should -BeLike '12 of 12: *'
        $updates[-1].PercentComplete | Should -Be 100
        [object]::ReferenceEquals($updates[0], $updates[-1]) | Should -BeFalse
        $percents = $updates.PercentComplete
        for ($i = 1; $i -lt $percents.Count; $i++) { $percents[$i] | Should -BeGreaterOrEqual $percents[$i - 1] }
        @($r.Progress | Where-Object RecordType -eq 'Completed').Count | Should -Be 1
    }

    It 'counts files piped in without knowing the total until the end' {
        $out = Join-Path $folder 'out-progress-piped'
        $r = Invoke-Captured { param($P, $O) $null = $P | Invoke-DeidReplace -OutputFolder $O -ThrottleLimit 1 -WarningAction SilentlyContinue } @{ P = [string[]]$inputs[0..2].FullName; O = $out }
        $updates = @($r.Progress | Where-Object { $_.RecordType -eq 'Processing' -and $_.Activity -eq 'Invoke-DeidReplace' })
        $updates[0].StatusDescription | Should -BeLike '1 done: *'
        $updates[0].PercentComplete | Should -Be -1
    }

    It '<command> shows the files read as progress and clears it at the end (a headers-only read of an archive takes minutes)' -ForEach @(
        @{ command = 'Get-DicomDataset' }, @{ command = 'Get-DicomIdentifier' }, @{ command = 'Test-DicomBurnedPixel' }
    ) {
        $r = Invoke-Captured { param($C, $P) $null = & $C -Path $P -WarningAction SilentlyContinue } @{ C = $command; P = [string[]]$inputs.FullName }
        $updates = @($r.Progress | Where-Object { $_.RecordType -eq 'Processing' -and $_.Activity -eq $command })
        $updates.Count | Should -BeGreaterOrEqual 1
        $updates[-1].StatusDescription | Should -Be "12 done: $($inputs[-1].Name)"
        $updates[-1].CurrentOperation | Should -Be $inputs[-1].FullName
        @($r.Progress | Where-Object { $_.RecordType -eq 'Completed' -and $_.Activity -eq $command }).Count | Should -Be 1
    }

    It 'Test-DeidOutput counts the outputs it audits against their total' {
        $out = Join-Path $folder 'out-progress-audit'
        $null = Invoke-DeidReplace -Path $inputs.FullName -OutputFolder $out -WarningAction SilentlyContinue
        $r = Invoke-Captured { param($I, $O) $null = Test-DeidOutput -OriginalPath $I -OutputPath $O -WarningAction SilentlyContinue } @{ I = [string[]]$inputs.FullName; O = $out }
        $updates = @($r.Progress | Where-Object { $_.RecordType -eq 'Processing' -and $_.Activity -eq 'Test-DeidOutput' })
        $updates[0].StatusDescription | Should -BeLike '1 of 12: *'
        $updates[-1].StatusDescription | Should -BeLike '12 of 12: *'
        $updates[-1].PercentComplete | Should -Be 100
        @($r.Progress | Where-Object { $_.RecordType -eq 'Completed' -and $_.Activity -eq 'Test-DeidOutput' }).Count | Should -Be 1
    }
}

Describe '13. -Recipe takes an object, a shipped name or a path on every cmdlet' {
    It '<command> -Recipe dicom loads the shipped recipe' -ForEach @(
        @{ command = 'Get-DeidAction' }, @{ command = 'Get-DeidFilter' }
    ) {
        $expected = & $command -Recipe (Get-DeidRecipe -Name dicom)
        $named = & $command -Recipe dicom
        $named.Count | Should -BeGreaterThan 0
        $named.Count | Should -Be $expected.Count
    }

    It '<command> -Recipe takes a recipe file path' -ForEach @(@{ command = 'Get-DeidAction' }, @{ command = 'Get-DeidFilter' }) {
        $path = New-Recipe "deid.path-$command" "FORMAT dicom`n%filter graylist`nLABEL Scanner`n  contains Modality CT`n  coordinates 0,0,10,10`n%header`nREMOVE PatientID"
        $r = @(& $command -Recipe $path)
        $r.Count | Should -Be 1
    }

    It 'Export-DeidRecipe -Recipe takes a shipped name and writes that recipe' {
        $target = Join-Path $folder 'exported.dicom'
        Export-DeidRecipe -Path $target -Recipe dicom.basic-profile
        (Get-DeidRecipe -Path $target) | Should -Be (Get-DeidRecipe -Name dicom.basic-profile)
    }

    It 'declares -<name> alike on every cmdlet that takes it' -ForEach @(
        @{ name = 'Recipe'; commands = 'Get-DicomIdentifier', 'Test-DicomBurnedPixel', 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'Strict'; commands = 'Get-DicomIdentifier', 'Test-DicomBurnedPixel', 'Clear-DicomPixel', 'Invoke-DeidReplace', 'Get-DeidAction', 'Get-DeidFilter' },
        @{ name = 'Recipe'; commands = 'Get-DeidAction', 'Get-DeidFilter' },
        @{ name = 'Ocr'; commands = 'Test-DicomBurnedPixel', 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'OcrScope'; commands = 'Test-DicomBurnedPixel', 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'OcrFrames'; commands = 'Test-DicomBurnedPixel', 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'TesseractPath'; commands = 'Test-DicomBurnedPixel', 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'ThrottleLimit'; commands = 'Test-DicomBurnedPixel', 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'Recurse'; commands = 'Get-DicomDataset', 'Get-DicomIdentifier', 'Test-DicomBurnedPixel', 'Split-DeidWork', 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'InputObject'; commands = 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'OutputFolder'; commands = 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'OutputName'; commands = 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'Force'; commands = 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'SkipExisting'; commands = 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'PassThru'; commands = 'Clear-DicomPixel', 'Invoke-DeidReplace' },
        @{ name = 'Compression'; commands = 'Clear-DicomPixel', 'Invoke-DeidReplace' }
    ) {
        # Type, attributes (transformation, completer, accepted values and ranges) and defaults: one behaviour, one help text.
        $shapes = foreach ($command in $commands) {
            $p = (Get-Command $command).Parameters[$name]
            $p | Should -Not -BeNullOrEmpty -Because "$command takes -$name"
            $attributes = $p.Attributes | Where-Object { $_ -isnot [Parameter] } | ForEach-Object {
                $_.GetType().Name + ':' + (@($_.ValidValues) -join ',') + ':' + $_.MinRange + '-' + $_.MaxRange + ':' + $_.Type
            }
            $p.ParameterType.FullName + ' | ' + (($attributes | Sort-Object) -join '; ')
        }
        @($shapes | Sort-Object -Unique).Count | Should -Be 1
    }

    It 'names an unknown recipe at binding' {
        { Get-DeidAction -Recipe no-such-recipe } | Should -Throw -ExpectedMessage "*Cannot load recipe 'no-such-recipe'*"
    }

    It 'still takes recipes through the pipeline' {
        @(Get-DeidRecipe -Name dicom | Get-DeidAction).Count | Should -Be @(Get-DeidAction -Recipe dicom).Count
    }
}

Describe '13. Tab completion of -Recipe' {
    It 'completes shipped names on <command> -Recipe' -ForEach @(
        @{ command = 'Get-DeidAction' }, @{ command = 'Get-DeidFilter' }, @{ command = 'Export-DeidRecipe x' }, @{ command = 'Invoke-DeidReplace' }, @{ command = 'Test-DeidOutput' }, @{ command = 'Get-DicomIdentifier' }
    ) {
        Get-Completion "$command -Recipe dicom.basic" | Should -Contain 'dicom.basic-profile'
    }

    It 'completes file paths on <command> -Recipe' -ForEach @(@{ command = 'Get-DeidAction' }, @{ command = 'Invoke-DeidReplace' }, @{ command = 'Test-DeidOutput' }) {
        Push-Location $folder
        try {
            $c = Get-Completion "$command -Recipe ./deid.ty"
            ($c | Where-Object { $_ -like '*deid.typo*' }) | Should -Not -BeNullOrEmpty
        }
        finally { Pop-Location }
    }

    It 'completes only names on Get-DeidRecipe -Name' {
        Push-Location $folder
        try { Get-Completion 'Get-DeidRecipe -Name deid.ty' | Should -BeNullOrEmpty }
        finally { Pop-Location }
    }
}

Describe '13. Help matches behaviour: Get-DeidRecipe -Path expands wildcards' {
    It 'loads every file a wildcard matches' {
        $sub = Join-Path $folder 'wild'
        $null = New-Item -ItemType Directory -Path $sub
        Set-Content (Join-Path $sub 'deid.one') "FORMAT dicom`n%header`nREMOVE PatientID"
        Set-Content (Join-Path $sub 'deid.two') "FORMAT dicom`n%header`nBLANK PatientName"
        $r = Get-DeidRecipe -Path (Join-Path $sub 'deid.*')
        $r.Header.Count | Should -Be 2
        $r.Sources.Count | Should -Be 2
    }

    It 'says so in its help' {
        (Get-Help Get-DeidRecipe -Parameter Path).description.Text | Should -Match 'wildcards are expanded'
    }

    It 'says in the help of <command> that -Recipe takes a name or a path' -ForEach @(
        @{ command = 'Get-DeidAction' }, @{ command = 'Get-DeidFilter' }, @{ command = 'Export-DeidRecipe' }
    ) {
        (Get-Help $command -Parameter Recipe).description.Text | Should -Match 'shipped recipe name'
    }
}

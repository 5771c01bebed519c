# The README's first command, `dotnet pwsh ./build.ps1 Demo`, runs tools/Demo.ps1 against the built module. A newcomer sees
# it before anything else, so CI runs it too: in a child process, as build.ps1 does, checking that it ends well, shows every
# step, warns only of what it means to show, and writes what it says it wrote.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:demo = Join-Path $RepoRoot 'tools/Demo.ps1'
    $script:run = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-File', $demo, '-ModulePath', $ModulePath)
    # Colour and formatting escapes, which a console shows and a log should not be compared with.
    $script:text = $run.Text -replace "`e\[[0-9;]*m", ''
    $script:work = if ($text -match 'Demo files are in (\S+)') { $Matches[1] } else { $null }
}

AfterAll {
    if ($script:work -and (Split-Path -Leaf $script:work) -like 'deid-demo-*') { Remove-Item -LiteralPath $script:work -Recurse -Force -ErrorAction SilentlyContinue }
}

Describe 'The README demo (tools/Demo.ps1)' {
    It 'ends with exit code 0 and names the folder it wrote' {
        $run.ExitCode | Should -Be 0 -Because $text
        $work | Should -Not -BeNullOrEmpty
        Test-Path -LiteralPath $work -PathType Container | Should -BeTrue
    }

    It 'shows its eight steps in order' {
        $steps = @([regex]::Matches($text, '(?m)^== (\d)\.') | ForEach-Object { [int]$_.Groups[1].Value })
        $steps | Should -Be (1..8)
    }

    It 'writes no error, and one warning: the intended one of step 5 (burned-in annotation copied without -CleanPixels)' {
        $text | Should -Not -Match '(?m)^\S*(Error|Exception)\b'
        $warnings = @($text -split "`n" | Where-Object { $_ -match '^WARNING:' })
        $warnings.Count | Should -Be 1 -Because ($warnings -join "`n")
        $warnings[0] | Should -Match 'declares burned-in annotation'
    }

    It 'replaces the seven files'' PatientID and SOP Instance UID with the edited ids, as the tutorial''s recipe says' {
        $outputs = @(Get-ChildItem -LiteralPath (Join-Path $work 'output') -Recurse -File -Filter *.dcm)
        $outputs.Count | Should -Be 7
        $ids = @($outputs | Get-DicomIdentifier)
        @($ids.PatientID | Sort-Object -Unique) | Should -Be 'cookiemonster'
        @($ids.SOPInstanceUID | Sort-Object) | Should -Be @(0..6 | ForEach-Object { "cookiemonster-image-$_" })
        @($ids.PatientIdentityRemoved | Sort-Object -Unique) | Should -Be 'YES'
        # The tutorial's recipe replaces these two and keeps the rest: no original PatientID or SOP Instance UID is left.
        $inputs = @(Get-ChildItem -LiteralPath (Join-Path $work 'input') -Filter *.dcm | Get-DicomIdentifier)
        $inputs.Count | Should -Be 7
        foreach ($o in $outputs) {
            $bytes = [Text.Encoding]::Latin1.GetString([IO.File]::ReadAllBytes($o.FullName))
            foreach ($i in $inputs) {
                $bytes.Contains($i.PatientID) | Should -BeFalse
                $bytes.Contains($i.SOPInstanceUID) | Should -BeFalse
            }
        }
    }

    It 'shows the filter''s label and rectangle within 80 columns, and writes the before and after pictures' {
        $text | Should -Match 'US-0001\.dcm\s+True\s+blacklist\s+Sampler ultrasound text band\s+clean 0,0,128,24'
        $table = [regex]::Match($text, '(?s)== 7\..*?(?=== 8\.)').Value
        foreach ($line in ($table -split "`n")) { $line.TrimEnd().Length | Should -BeLessOrEqual 79 }
        foreach ($png in 'ultrasound-before.png', 'ultrasound-after.png') {
            $bytes = [IO.File]::ReadAllBytes((Join-Path $work $png))
            $bytes[1..3] | Should -Be ([byte[]][char[]]'PNG')
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:moduleDir = Split-Path (Resolve-Path $ModulePath).Path
    $script:precompiledExpected = $IsLinux -and [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'X64'
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The engine assemblies PowerShell 7 loads' {
    It 'are the precompiled (ReadyToRun) copies on linux-x64, one of each even after a second import' {
        if (-not $precompiledExpected) { Set-ItResult -Skipped -Because 'the build precompiles for linux-x64 only'; return }
        Test-Path (Join-Path $moduleDir 'ReadyToRun/linux-x64/Deid.Dicom.dll') | Should -BeTrue
        Import-Module $ModulePath -Force
        foreach ($name in 'Deid.Dicom', 'Deid') {
            $loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name })
            $loaded.Count | Should -Be 1
            $loaded[0].Location | Should -BeLike (Join-Path $moduleDir "ReadyToRun/linux-x64/$name.dll")
        }
    }

    It 'write the same bytes as the plain assemblies, which the module falls back to without the precompiled folder' {
        $plain = Join-Path $folder 'plain/Deid'
        New-Item -ItemType Directory -Path $plain | Out-Null
        Get-ChildItem $moduleDir | Where-Object Name -ne 'ReadyToRun' | Copy-Item -Destination $plain -Recurse
        $inputs = New-DicomSample -Path (Join-Path $folder 'in') -Count 3 -Modality MR -Seed 9
        $fast = Join-Path $folder 'out-precompiled'
        $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder $fast -Key 'same key' -WarningAction SilentlyContinue
        $slow = Join-Path $folder 'out-plain'
        $script = "Import-Module '$plain/Deid.psd1'; " +
            "Get-ChildItem '$(Join-Path $folder 'in')' | Invoke-DeidReplace -Recipe dicom -OutputFolder '$slow' -Key 'same key' -WarningAction SilentlyContinue; " +
            "[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Deid.Dicom' } | ForEach-Object Location"
        $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        $child.ExitCode | Should -Be 0 -Because $child.Text
        $child.Text.Trim() | Should -Be (Join-Path $plain 'Deid.Dicom.dll')
        foreach ($f in $inputs) {
            (Get-FileHash (Join-Path $slow $f.Name)).Hash | Should -Be (Get-FileHash (Join-Path $fast $f.Name)).Hash
        }
    }
}

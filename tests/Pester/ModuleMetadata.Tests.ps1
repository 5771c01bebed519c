# Issue 11, item 15: the manifest names the project and where Update-Help looks; New-DicomSample -Path is an output folder and
# says so (alias -OutputFolder, the name the other writing cmdlets use).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The module manifest' {
    It 'gives a project URI and a help info URI, both absolute https addresses' {
        $m = Test-ModuleManifest -Path $ModulePath -ErrorAction Stop
        $m.ProjectUri | Should -Not -BeNullOrEmpty
        $m.ProjectUri.IsAbsoluteUri | Should -BeTrue
        $m.ProjectUri.Scheme | Should -Be 'https'
        $m.HelpInfoUri | Should -Match '^https://'
        $loaded = Get-Module Deid
        $loaded.ProjectUri | Should -Be $m.ProjectUri
        $loaded.HelpInfoUri | Should -Be $m.HelpInfoUri
    }

    It 'ships the notices its third-party parts ask for: every assembly not its own, and the HTJ2K tables from OpenJPH' {
        $base = (Get-Module Deid).ModuleBase
        $notices = Get-Content -LiteralPath (Join-Path $base 'THIRD-PARTY-NOTICES.txt') -Raw
        $others = @(Get-ChildItem -LiteralPath $base -Filter *.dll | Where-Object Name -notlike 'Deid*')
        $others.Count | Should -BeGreaterThan 0
        foreach ($dll in $others) { $notices | Should -BeLike "*$($dll.BaseName)*" }
        $notices | Should -BeLike '*OpenJPH*Copyright (c) 2019, Aous Naman*Redistributions in binary form*'
        $notices | Should -BeLike '*JpegLibrary*MIT License*'
    }
}

Describe 'The module assemblies on Windows PowerShell 5.1' {
    It 'export no type built on an assembly the module does not ship (Import-Module lists them all; Newtonsoft.Json is PowerShell 7''s own)' {
        # Review 2026-12-06: DicomSequenceItem, a public JObject, would fail Import-Module where Newtonsoft.Json is not loaded:
        # PowerShell enumerates a binary module's exported types, and each needs its base types.
        $base = (Get-Module Deid).ModuleBase
        $shipped = @(Get-ChildItem -LiteralPath $base -Filter *.dll | ForEach-Object BaseName)
        $framework = '^(System(\..*)?|mscorlib|netstandard|Microsoft\.PowerShell\..*)$'
        # Deid.PowerShell.Json holds the JObject items on purpose: never the root module, loaded by it where Newtonsoft.Json is.
        (Test-ModuleManifest -Path $ModulePath).RootModule | Should -Be 'Deid.PowerShell.dll'
        $offending = foreach ($dll in Get-ChildItem -LiteralPath $base -Filter 'Deid*.dll' | Where-Object BaseName -ne 'Deid.PowerShell.Json') {
            $assembly = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $dll.BaseName } | Select-Object -First 1
            if (-not $assembly) { continue }
            foreach ($type in $assembly.ExportedTypes) {
                $chain = @($type.GetInterfaces())
                for ($t = $type.BaseType; $t; $t = $t.BaseType) { $chain += $t }
                foreach ($t in $chain) {
                    $name = $t.Assembly.GetName().Name
                    if ($name -notmatch $framework -and $name -notin $shipped) { "$($type.FullName) <- $($t.FullName) ($name)" }
                }
            }
        }
        $offending | Should -BeNullOrEmpty
    }
}

Describe 'New-DicomSample -Path' {
    It 'is the output folder, also named -OutputFolder' {
        $p = (Get-Command New-DicomSample).Parameters['Path']
        $p.Aliases | Should -Contain 'OutputFolder'
        $target = Join-Path $folder 'by-alias'
        $files = New-DicomSample -OutputFolder $target -Count 2 -Seed 4
        @($files).Count | Should -Be 2
        $files | ForEach-Object { $_.DirectoryName | Should -Be $target }
        (Get-FileHash $files[1].FullName).Hash | Should -Be (Get-FileHash (New-DicomSample -Path (Join-Path $folder 'by-path') -Count 2 -Seed 4)[1].FullName).Hash
    }

    It 'refuses a file as the folder, in one error that says -Path is the output folder' {
        $file = (New-DicomSample -Path (Join-Path $folder 'existing') -Count 1)[0].FullName
        $before = (Get-FileHash $file).Hash
        $err = $null
        try { New-DicomSample -Path $file -Count 3 } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.FullyQualifiedErrorId | Should -BeLike 'OutputFolderIsFile*'
        $err.Exception.Message | Should -Match 'folder'
        $err.Exception.Message | Should -Match ([regex]::Escape($file))
        (Get-FileHash $file).Hash | Should -Be $before
    }

    It 'says so in its help' {
        $help = Get-Help New-DicomSample -Parameter Path
        ($help.description.Text -join ' ') | Should -Match 'output folder'
        $help.aliases | Should -Match 'OutputFolder'
    }
}

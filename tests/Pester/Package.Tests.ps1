# Issue 11, item 17: an installable package. tools/Publish-Package.ps1 (what `build.ps1 Package` runs) packs the built module
# with PSResourceGet; the package goes through a local folder repository into a temporary module folder, and the cmdlets run
# from there. No network: the repository is a folder. PSResourceGet keeps registered repositories in a file in the user's
# profile, so this registers under a unique name and unregisters in AfterAll, whatever fails.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    $script:folder = New-TestFolder
    $script:moduleDir = Split-Path (Resolve-Path $ModulePath).Path
    $script:manifestData = Import-PowerShellDataFile -LiteralPath (Join-Path $moduleDir 'Deid.psd1')
    $script:version = $manifestData.ModuleVersion
    $script:publish = Join-Path $RepoRoot 'tools/Publish-Package.ps1'
    $script:feed = Join-Path $folder 'feed'
    $script:repositoryName = 'DeidPester-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    $script:registered = $false
    $script:repositoriesBefore = @(Get-PSResourceRepository | ForEach-Object Name | Sort-Object)

    # Packed in a child process, as build.ps1 does it.
    $script:pack = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command',
        "(& '$publish' -ModuleFolder '$moduleDir' -Destination '$feed').FullName")
    $script:repositoriesAfterPack = @(Get-PSResourceRepository | ForEach-Object Name | Sort-Object)

    Register-PSResourceRepository -Name $repositoryName -Uri $feed -Trusted
    $script:registered = $true
    $script:modules = Join-Path $folder 'modules'
    New-Item -ItemType Directory -Path $modules | Out-Null
    Save-PSResource -Name Deid -Version $version -Repository $repositoryName -Path $modules -TrustRepository
    $script:installed = Join-Path $modules "Deid/$version"
}

AfterAll {
    if ($script:registered) { Unregister-PSResourceRepository -Name $script:repositoryName -ErrorAction SilentlyContinue }
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'tools/Publish-Package.ps1 (build.ps1 Package)' {
    It 'writes Deid.{ModuleVersion}.nupkg and leaves the repository list as it was' {
        $pack.ExitCode | Should -Be 0 -Because $pack.Text
        $expected = Join-Path $feed "Deid.$version.nupkg"
        $pack.Text.Trim() | Should -Be $expected
        @(Get-ChildItem $feed).Name | Should -Be @("Deid.$version.nupkg")
        $repositoriesAfterPack | Should -Be $repositoriesBefore
    }

    It 'unregisters its temporary repository when publishing fails' {
        # A manifest whose root module is missing: Publish-PSResource refuses it after the repository was registered.
        $broken = Join-Path $folder 'broken/Deid'
        New-Item -ItemType Directory -Path $broken | Out-Null
        Copy-Item (Join-Path $moduleDir 'Deid.psd1') $broken
        $before = @(Get-PSResourceRepository | ForEach-Object Name | Sort-Object)
        $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command',
            "& '$publish' -ModuleFolder '$broken' -Destination '$(Join-Path $folder 'broken-out')'")
        $child.ExitCode | Should -Not -Be 0 -Because $child.Text
        Test-Path (Join-Path $folder 'broken-out') | Should -BeFalse
        @(Get-PSResourceRepository | ForEach-Object Name | Sort-Object) | Should -Be $before
    }

    It 'is found in a folder repository with the manifest''s version, description and project URI' {
        $found = Find-PSResource -Name Deid -Repository $repositoryName
        $found.Version.ToString() | Should -Be $version
        $found.Type.ToString() | Should -Be 'Module'
        $found.Description | Should -Be $manifestData.Description
        $found.ProjectUri.AbsoluteUri | Should -Be $manifestData.PrivateData.PSData.ProjectUri
    }

    It 'installs every file the build laid out, byte for byte (assemblies, ReadyToRun copies, formats, help, recipes)' {
        $source = @(Get-ChildItem $moduleDir -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($moduleDir, $_.FullName) } | Sort-Object)
        $copied = @(Get-ChildItem $installed -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($installed, $_.FullName) } | Sort-Object)
        $copied | Should -Be $source
        $source | Should -Contain 'Deid.PowerShell.dll'
        $source | Should -Contain (Join-Path 'en-US' 'Deid.PowerShell.dll-Help.xml')
        $source | Should -Contain (Join-Path 'recipes' 'deid.dicom')
        foreach ($rel in $source) {
            (Get-FileHash -LiteralPath (Join-Path $installed $rel)).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $moduleDir $rel)).Hash -Because $rel
        }
    }

    It 'runs its cmdlets from the installed copy when that folder is on PSModulePath' {
        $samples = Join-Path $folder 'samples'
        $script = @"
`$ErrorActionPreference = 'Stop'
`$env:PSModulePath = '$modules' + [IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module Deid -RequiredVersion '$version'
`$id = New-DicomSample -OutputFolder '$samples' -Count 1 -Seed 17 | Get-DicomIdentifier
[pscustomobject]@{
    ModuleBase = (Get-Module Deid).ModuleBase
    Dll        = (Get-Command Get-DicomIdentifier).DLL
    Engine     = [AppDomain]::CurrentDomain.GetAssemblies().Where({ `$_.GetName().Name -eq 'Deid.Dicom' })[0].Location
    PatientID  = `$id.PatientID
} | ConvertTo-Json -Compress
"@
        $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        $child.ExitCode | Should -Be 0 -Because $child.Text
        $r = ($child.Text -split "`n")[-1] | ConvertFrom-Json
        $r.ModuleBase | Should -Be $installed
        $r.Dll | Should -Be (Join-Path $installed 'Deid.PowerShell.dll')
        $r.Engine | Should -BeLike "$installed$([IO.Path]::DirectorySeparatorChar)*"
        # The same sample the built module writes: the installed copy is the same code.
        $here = New-DicomSample -Path (Join-Path $folder 'here') -Count 1 -Seed 17 | Get-DicomIdentifier
        $r.PatientID | Should -Not -BeNullOrEmpty
        $r.PatientID | Should -Be $here.PatientID
    }
}

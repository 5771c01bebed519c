#requires -Version 7.0
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks Deid.PowerShell.
.DESCRIPTION
    Build  compiles the solution and lays the module out in out/Deid (ready for Import-Module or copying onto PSModulePath).
    Test   builds, runs every xunit project and the Pester suite, and ends with one line "N passed, N failed".
    Demo   builds, writes synthetic samples and runs the extract -> edit -> replace pipeline on them.
    Bench  builds and runs the benchmarks (end-to-end files/s, CPU and peak RSS beside cp and gdcmanon, ending with issue 14's
           targets met or not; -Quick for a few minutes' subset; BenchmarkDotNet with -Full).
    Help   builds, regenerates module/en-US/Deid.PowerShell.dll-Help.xml from docs/help/*.md and the cmdlets' metadata
           (tools/Generate-Help.ps1), and lays the new help out in out/Deid/en-US. Commit the regenerated XML.
    Package builds and writes out/packages/Deid.<ModuleVersion>.nupkg with PSResourceGet (tools/Publish-Package.ps1), offline:
           install it with Install-PSResource/Save-PSResource from a folder or file-share repository (see README).
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Help', 'Fuzz', 'Package')]
    [string]$Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Release',

    # Bench: also run the BenchmarkDotNet suite (slower).
    [switch]$Full,

    # Bench: how many times the seven cookies are copied for each corpus (e.g. 30,300,1000 to check that memory stays flat).
    # (Strings: `dotnet pwsh ./build.ps1 Bench -Copies 30,300,1000` binds "30,300,1000" as one argument, split in EndToEnd.ps1.)
    [string[]]$Copies = @('30', '300'),

    # Bench: small CT files (New-DicomSample -Modality CT -Seed 1) in the second corpus, runs of each row (the median is
    # shown), and -Quick: one run, the cookies x300 and the small CT files only, no pixel, 2 GB or OCR rows (a few minutes).
    [int]$SmallCount = 2000,
    [int]$Repeat = 3,
    [switch]$Quick,
    # Bench: where the measured commands write (default: /dev/shm when it has room; e.g. /tmp to measure the disk too).
    [string]$OutputRoot,
    # Bench: also write the end-to-end tables as markdown to this file.
    [string]$MarkdownPath,

    # Fuzz: how many seeded mutations of DICOM files and of recipe text, and the seed (case i of seed s is always the same input).
    [int]$Cases = 10000,
    [int]$RecipeCases = 3000,
    [int]$Seed = 1
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$Root = $PSScriptRoot
$OutDir = Join-Path $Root 'out'
$ModuleDir = Join-Path $OutDir 'Deid'

function Invoke-Native {
    param([string]$File, [string[]]$Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$File $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Write-Host "== Build ($Configuration)" -ForegroundColor Cyan
    # Deid.PowerShell.Json (the JObject sequence items, loaded on PowerShell 7 only) references the root assembly: building it
    # builds the whole module, and its output folder holds every assembly.
    Invoke-Native dotnet @('build', (Join-Path $Root 'src/Deid.PowerShell.Json/Deid.PowerShell.Json.csproj'), '-c', $Configuration, '--nologo', '-v', 'q', '-clp:ErrorsOnly')
    $bin = Join-Path $Root "src/Deid.PowerShell.Json/bin/$Configuration/netstandard2.0"
    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleDir | Out-Null
    # The module's own assemblies and the netstandard2.0 dependencies Windows PowerShell 5.1 needs beside them
    # (PowerShell 7 binds its in-box copies). System.Management.Automation is never shipped.
    Get-ChildItem $bin -Filter *.dll | Where-Object Name -ne 'System.Management.Automation.dll' |
        Copy-Item -Destination $ModuleDir
    Get-ChildItem (Join-Path $Root 'module') -File | Copy-Item -Destination $ModuleDir
    foreach ($sub in 'en-US') {
        $src = Join-Path $Root "module/$sub"
        if (Test-Path $src) { Copy-Item $src -Destination $ModuleDir -Recurse }
    }
    $recipes = Join-Path $Root 'recipes'
    New-Item -ItemType Directory -Path (Join-Path $ModuleDir 'recipes') | Out-Null
    if (Test-Path $recipes) { Get-ChildItem $recipes -File | Copy-Item -Destination (Join-Path $ModuleDir 'recipes') }
    Invoke-ReadyToRun
    Write-Host "Module laid out in $ModuleDir"
}

# Precompiles the engine assemblies (Deid.Dicom, Deid) for PowerShell 7 on linux-x64 into out/Deid/ReadyToRun/linux-x64:
# a batch then starts without a tenth of a second in the JIT. The plain IL copies stay at the module root for every other
# runtime (Windows PowerShell 5.1 never sees the precompiled ones); ModuleInitializer picks the folder that matches.
# Skipped, with a note, where the compiler cannot run (it is a linux-x64 program).
function Invoke-ReadyToRun {
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    if (-not $IsLinux -or [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -ne 'X64') {
        Write-Host "ReadyToRun: skipped on $rid (the module runs on the JIT)"
        return
    }
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tools/ReadyToRun/ReadyToRunRestore.csproj'), '--nologo', '-v', 'q')
    $nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $crossgen = Join-Path $nugetRoot 'microsoft.netcore.app.crossgen2.linux-x64/10.0.12/tools/crossgen2'
    # Compiled against the framework this pwsh runs on: the one that will load the images.
    $framework = [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
    $target = Join-Path $ModuleDir 'ReadyToRun/linux-x64'
    New-Item -ItemType Directory -Path $target -Force | Out-Null
    # Deid references Deid.Dicom; each is compiled on its own (its own version bubble), so either may be serviced alone.
    foreach ($name in 'Deid.Dicom', 'Deid') {
        $arguments = @((Join-Path $ModuleDir "$name.dll"), '-o', (Join-Path $target "$name.dll"), '-r', (Join-Path $framework '*.dll'),
            '--targetos', 'linux', '--targetarch', 'x64', '-O')
        # The codec's managed JPEG library is a reference of both: without it the JPEG paths would be left to the JIT.
        $arguments += @('-r', (Join-Path $ModuleDir 'JpegLibrary.dll'))
        if ($name -eq 'Deid') { $arguments += @('-r', (Join-Path $ModuleDir 'Deid.Dicom.dll')) }
        Invoke-Native $crossgen $arguments
    }
}

function Get-TrxCounts([string]$Folder) {
    $passed = 0; $failed = 0
    foreach ($trx in Get-ChildItem $Folder -Filter *.trx -Recurse -ErrorAction SilentlyContinue) {
        [xml]$x = Get-Content $trx.FullName -Raw
        $c = $x.TestRun.ResultSummary.Counters
        $passed += [int]$c.passed
        $failed += [int]$c.failed + [int]$c.error + [int]$c.timeout + [int]$c.aborted
    }
    [pscustomobject]@{ Passed = $passed; Failed = $failed }
}

function Invoke-Test {
    $passed = 0; $failed = 0
    try {
        Invoke-Build
    }
    catch {
        Write-Host "Build failed: $_" -ForegroundColor Red
        Write-Host '0 passed, 1 failed'
        exit 1
    }

    $results = Join-Path $OutDir 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Filter *.Tests.csproj -Recurse) {
        Write-Host "== xunit: $($project.BaseName)" -ForegroundColor Cyan
        $dir = Join-Path $results $project.BaseName
        & dotnet test $project.FullName -c $Configuration --nologo -v q `
            --logger "trx;LogFileName=$($project.BaseName).trx" --logger 'console;verbosity=minimal' --results-directory $dir
        $counts = Get-TrxCounts $dir
        if ($LASTEXITCODE -ne 0 -and $counts.Failed -eq 0) { $counts.Failed = 1 }  # crashed before reporting
        Write-Host "   $($counts.Passed) passed, $($counts.Failed) failed"
        $passed += $counts.Passed; $failed += $counts.Failed
    }

    Write-Host '== Pester' -ForegroundColor Cyan
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/Pester/PesterRestore.csproj'), '--nologo', '-v', 'q')
    $pesterJson = Join-Path $results 'pester.json'
    New-Item -ItemType Directory -Force -Path $results | Out-Null
    # A child process: the module's assemblies load there, and never into this build process.
    $script = @"
`$ErrorActionPreference = 'Stop'
`$env:DEID_MODULE_PATH = '$ModuleDir/Deid.psd1'
Import-Module (Join-Path '$(Get-PesterHome)' 'Pester.psd1') -Force
`$c = New-PesterConfiguration
`$c.Run.Path = '$(Join-Path $Root 'tests/Pester')'
`$c.Run.PassThru = `$true
`$c.Output.Verbosity = 'Normal'
`$r = Invoke-Pester -Configuration `$c
@{ Passed = `$r.PassedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount } | ConvertTo-Json | Set-Content '$pesterJson'
"@
    & dotnet pwsh -NoProfile -NonInteractive -Command $script
    if (Test-Path $pesterJson) {
        $p = Get-Content $pesterJson -Raw | ConvertFrom-Json
        Write-Host "   $($p.Passed) passed, $($p.Failed) failed"
        $passed += [int]$p.Passed; $failed += [int]$p.Failed
    }
    else {
        Write-Host '   Pester did not report results' -ForegroundColor Red
        $failed += 1
    }

    # Style is part of the contract (dotnet format clean): one check, counted like a test.
    Write-Host '== dotnet format --verify-no-changes' -ForegroundColor Cyan
    & dotnet format (Join-Path $Root 'Deid.PowerShell.sln') --verify-no-changes -v q
    if ($LASTEXITCODE -eq 0) { Write-Host '   1 passed, 0 failed'; $passed += 1 } else { Write-Host '   0 passed, 1 failed (run: dotnet format Deid.PowerShell.sln)'; $failed += 1 }

    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Get-PesterHome {
    $nugetRoot = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    Join-Path $nugetRoot 'pester/5.7.1/tools'
}

function Invoke-Demo {
    Invoke-Build
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Demo.ps1') -ModulePath (Join-Path $ModuleDir 'Deid.psd1')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}

function Invoke-Help {
    Invoke-Build
    Write-Host '== Help' -ForegroundColor Cyan
    # A child process: the generator imports the built module, which must not load into this build process.
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', (Join-Path $Root 'tools/Generate-Help.ps1'), '-ModulePath', (Join-Path $ModuleDir 'Deid.psd1'))
    $helpDir = Join-Path $ModuleDir 'en-US'
    if (Test-Path $helpDir) { Remove-Item $helpDir -Recurse -Force }
    Copy-Item (Join-Path $Root 'module/en-US') -Destination $ModuleDir -Recurse
    Write-Host "Help laid out in $helpDir"
}

function Invoke-Package {
    Invoke-Build
    Write-Host '== Package' -ForegroundColor Cyan
    # A child process, as for Help: publishing validates the manifest, and nothing of the module should load into this one.
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-Command',
        "(& '$(Join-Path $Root 'tools/Publish-Package.ps1')' -ModuleFolder '$ModuleDir' -Destination '$(Join-Path $OutDir 'packages')').FullName")
}

function Invoke-Bench {
    $script:Configuration = 'Release'
    Invoke-Build
    $endToEnd = @('-ModulePath', (Join-Path $ModuleDir 'Deid.psd1'), '-SmallCount', $SmallCount, '-Repeat', $Repeat)
    # -Quick measures the cookies x300 alone unless other copies are asked for.
    if (-not $Quick -or $script:PSBoundParameters.ContainsKey('Copies')) { $endToEnd += '-Copies', ($Copies -join ',') }
    if ($Quick) { $endToEnd += '-Quick' }
    if ($OutputRoot) { $endToEnd += '-OutputRoot', $OutputRoot }
    if ($MarkdownPath) { $endToEnd += '-MarkdownPath', [IO.Path]::GetFullPath($MarkdownPath, $Root) }
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/EndToEnd.ps1') @endToEnd
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    if ($Quick) { return }
    & dotnet pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'bench/Ocr.ps1') -ModulePath (Join-Path $ModuleDir 'Deid.psd1')
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    if ($Full) {
        Invoke-Native dotnet @('run', '-c', 'Release', '--project', (Join-Path $Root 'bench/Deid.Benchmarks'), '--', '--filter', '*')
    }
}

function Invoke-Fuzz {
    # Seeded mutations of ../shared/data and generated samples through the cmdlets' entry points (tools/Deid.Fuzz).
    Invoke-Native dotnet @('run', '-c', 'Release', '--project', (Join-Path $Root 'tools/Deid.Fuzz'), '--', '--cases', $Cases, '--seed', $Seed)
    # Then mutants of the recipes' text (tools/Deid.Fuzz/Harness/RecipeFuzz.cs).
    if ($RecipeCases -gt 0) {
        Invoke-Native dotnet @('run', '-c', 'Release', '--no-build', '--project', (Join-Path $Root 'tools/Deid.Fuzz'), '--', '--recipes', $RecipeCases, '--seed', $Seed)
    }
}

Push-Location $Root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Help' { Invoke-Help }
        'Fuzz' { Invoke-Fuzz }
        'Package' { Invoke-Package }
    }
}
finally {
    Pop-Location
}

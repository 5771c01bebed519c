<#
.SYNOPSIS
    One command run over a corpus several times in one pwsh, with the process's CPU per file for each pass (issue 14).
.DESCRIPTION
    Measures what a long batch costs once the first pass has compiled what it uses, and how that changes pass after pass:
    under pwsh, framework code the per-file path calls goes to tiered PGO's instrumented tier and stays there (README,
    "Framework code that pwsh never finishes compiling"), so later passes can be slower than the second. The CPU is the
    process's (Process.TotalProcessorTime around each pass: all threads, background compilation included).

    dotnet pwsh bench/Tiering/Passes.ps1 -Corpus /dev/shm/ct2000 -Passes 6
    dotnet pwsh bench/Tiering/Passes.ps1 -Corpus /dev/shm/cookies -Mode Identifiers
    Run two module builds alternately (-ModulePath) to compare them: single processes swing by a quarter on a shared machine.
#>
param(
    [string]$ModulePath = (Join-Path $PSScriptRoot '../../out/Deid/Deid.psd1'),
    [Parameter(Mandatory)][string]$Corpus,
    [int]$Passes = 6,
    [ValidateSet('Replace', 'Identifiers', 'IdentifiersByGetChildItem', 'BurnedPixels')][string]$Mode = 'Replace',
    [int]$ThrottleLimit = 0,
    [string]$OutputFolder = (Join-Path ([IO.Path]::GetTempPath()) 'deid-passes-out')
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$files = [IO.Directory]::GetFiles($Corpus)
$throttle = if ($ThrottleLimit -gt 0) { @{ ThrottleLimit = $ThrottleLimit } } else { @{} }
foreach ($pass in 1..$Passes) {
    Remove-Item $OutputFolder -Recurse -Force -ErrorAction SilentlyContinue
    $cpu = [Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime
    $clock = [Diagnostics.Stopwatch]::StartNew()
    switch ($Mode) {
        'Replace' { Invoke-DeidReplace -Path (Join-Path $Corpus '*') -Recipe dicom -OutputFolder $OutputFolder @throttle }
        'Identifiers' { $null = $files | Get-DicomIdentifier @throttle }
        'IdentifiersByGetChildItem' { $null = Get-ChildItem $Corpus | Get-DicomIdentifier @throttle }
        'BurnedPixels' { $null = $files | Test-DicomBurnedPixel -Recipe dicom -WarningAction SilentlyContinue @throttle }
    }
    $wall = $clock.Elapsed.TotalMilliseconds
    $used = ([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime - $cpu).TotalMilliseconds
    [pscustomobject]@{ Pass = $pass; WallMs = [math]::Round($wall); CpuMs = [math]::Round($used); CpuMicrosecondsPerFile = [math]::Round($used * 1000 / $files.Count) }
}
Remove-Item $OutputFolder -Recurse -Force -ErrorAction SilentlyContinue

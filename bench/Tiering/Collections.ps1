<#
.SYNOPSIS
    A header-only listing run pass after pass in one pwsh, with what each pass cost in garbage collection (issue 14).
.DESCRIPTION
    Prints for each pass its wall time and the process's CPU, the collections of each generation, the time the process was
    stopped for them ([GC]::GetTotalPauseDuration) and the bytes allocated ([GC]::GetTotalAllocatedBytes): the numbers behind
    README "Where a header-only listing's time goes". -Mode Floor runs Get-ChildItem | Measure-Object alone, for comparison.

    dotnet pwsh bench/Tiering/Collections.ps1 -Corpus /dev/shm/cookies -Passes 6
    Run two module builds alternately (-ModulePath) to compare them: single processes swing by a quarter on a shared machine.
#>
param(
    [string]$ModulePath = (Join-Path $PSScriptRoot '../../out/Deid/Deid.psd1'),
    [Parameter(Mandatory)][string]$Corpus,
    [int]$Passes = 4,
    [ValidateSet('GetChildItem', 'EnumerateFiles', 'Floor')][string]$Mode = 'GetChildItem'
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$process = [Diagnostics.Process]::GetCurrentProcess()
foreach ($pass in 1..$Passes) {
    $before = @(0, 1, 2 | ForEach-Object { [GC]::CollectionCount($_) })
    $pause = [GC]::GetTotalPauseDuration()
    $allocated = [GC]::GetTotalAllocatedBytes($false)
    $cpu = $process.TotalProcessorTime
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $n = switch ($Mode) {
        'GetChildItem' { (Get-ChildItem $Corpus | Get-DicomIdentifier | Measure-Object).Count }
        'EnumerateFiles' { ([IO.Directory]::EnumerateFiles($Corpus) | Get-DicomIdentifier | Measure-Object).Count }
        'Floor' { (Get-ChildItem $Corpus | Measure-Object).Count }
    }
    $wall = $clock.Elapsed.TotalMilliseconds
    $process.Refresh()
    [pscustomobject]@{
        Pass        = $pass
        Files       = $n
        WallMs      = [math]::Round($wall)
        CpuMs       = [math]::Round(($process.TotalProcessorTime - $cpu).TotalMilliseconds)
        Gen0        = [GC]::CollectionCount(0) - $before[0]
        Gen1        = [GC]::CollectionCount(1) - $before[1]
        Gen2        = [GC]::CollectionCount(2) - $before[2]
        PauseMs     = [math]::Round(([GC]::GetTotalPauseDuration() - $pause).TotalMilliseconds)
        AllocatedMB = [math]::Round(([GC]::GetTotalAllocatedBytes($false) - $allocated) / 1MB)
    }
}

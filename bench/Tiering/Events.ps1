<#
.SYNOPSIS
    What tiered compilation does during passes of Invoke-DeidReplace in one pwsh: methods compiled and at which tier,
    ReadyToRun methods called for the first time, and when tiering's background work pauses and resumes (issue 14).
.DESCRIPTION
    dotnet pwsh bench/Tiering/Events.ps1 -Corpus /dev/shm/ct2000 -Passes 8 > events.txt
    Then, for instance: the tier of what was compiled after the first pass (jit7 = tier 1 instrumented, jit4 = tier 1), and
    the events just before each TieredCompilationPause. Found with it (2026-12-06): over eight passes of the 2,000 small CT
    files, tier 1 instrumented compilations went on and plain tier 1 hardly began; each pause followed a method called for
    the first time.
#>
param(
    [string]$ModulePath = (Join-Path $PSScriptRoot '../../out/Deid/Deid.psd1'),
    [Parameter(Mandatory)][string]$Corpus,
    [int]$Passes = 8,
    [string]$OutputFolder = (Join-Path ([IO.Path]::GetTempPath()) 'deid-events-out')
)
$ErrorActionPreference = 'Stop'
Add-Type -Path (Join-Path $PSScriptRoot 'TieringEvents.cs')
$events = [TieringEvents]::new()
Import-Module $ModulePath
$events.On = $true
foreach ($pass in 1..$Passes) {
    Remove-Item $OutputFolder -Recurse -Force -ErrorAction SilentlyContinue
    $events.Lines.Enqueue([DateTime]::UtcNow.ToString('HH:mm:ss.fff') + " ===== pass $pass start")
    Invoke-DeidReplace -Path (Join-Path $Corpus '*') -Recipe dicom -OutputFolder $OutputFolder
    $events.Lines.Enqueue([DateTime]::UtcNow.ToString('HH:mm:ss.fff') + " ===== pass $pass end")
}
# The listener receives the runtime's events on its own thread: give the last ones time to arrive.
Start-Sleep -Seconds 1
$events.On = $false
$events.Lines.ToArray() | Sort-Object
Remove-Item $OutputFolder -Recurse -Force -ErrorAction SilentlyContinue

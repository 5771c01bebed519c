<#
.SYNOPSIS
    When a fresh pwsh's Invoke-DeidReplace writes its first outputs, pass after pass (issue 14: what a command pays before
    its first file, against a second run in the same process).
.DESCRIPTION
    dotnet pwsh -NoProfile -File bench/FirstFiles.ps1 -Corpus /dev/shm/cookies -Passes 2
    Prints, per pass, the command's wall time and when (ms after the command began) the 1st, 10th and 100th output, half of
    them and the last were written, from the output files' modification times. Outputs go to a folder under -OutputRoot,
    removed after each pass.
#>
param(
    [Parameter(Mandatory)][string]$Corpus,
    [string]$ModulePath = (Join-Path $PSScriptRoot '../out/Deid/Deid.psd1'),
    [int]$Passes = 2,
    [string]$OutputRoot = $(if (Test-Path /dev/shm) { '/dev/shm' } else { [IO.Path]::GetTempPath() })
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
for ($i = 1; $i -le $Passes; $i++) {
    $out = Join-Path $OutputRoot "deid-first-files-$PID-$i"
    $t0 = [DateTime]::UtcNow
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Invoke-DeidReplace -Path (Join-Path $Corpus '*') -Recipe dicom -OutputFolder $out -WarningAction SilentlyContinue
    $sw.Stop()
    $m = @([IO.Directory]::EnumerateFiles($out) | ForEach-Object { ([IO.File]::GetLastWriteTimeUtc($_) - $t0).TotalMilliseconds } | Sort-Object)
    $n = $m.Count
    'pass {0}: {1} files in {2} ms; first output at {3:F0} ms, 10th {4:F0}, 100th {5:F0}, half {6:F0}, last {7:F0}' -f $i, $n, $sw.ElapsedMilliseconds,
        $m[0], $m[[math]::Min(9, $n - 1)], $m[[math]::Min(99, $n - 1)], $m[[int]($n / 2)], $m[$n - 1]
    Remove-Item $out -Recurse -Force
}

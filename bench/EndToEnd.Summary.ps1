# The closing summary of bench/EndToEnd.ps1 (dot-sourced by it): issue 14's one-machine targets, each read from the rows
# measured in this run and marked met or not met. A missed target is reported, never thrown: the bench is a measurement.

function Get-BenchRow([object[]]$Rows, [string]$Corpus, [string]$Kind) {
    $Rows | Where-Object { $_.Corpus -eq $Corpus -and $_.Kind -eq $Kind } | Select-Object -First 1
}

function New-TargetLine([string]$Target, [string]$Corpus, [string]$Measured, [string]$Goal, $Met) {
    [pscustomobject]@{
        Target   = $Target
        Corpus   = $Corpus
        Measured = $Measured
        Goal     = $Goal
        Result   = if ($null -eq $Met) { 'n/a' } elseif ($Met) { 'met' } else { 'NOT met' }
    }
}

$script:replaceKinds = [ordered]@{
    'replace-path' = 'Invoke-DeidReplace -Path dir/*'
    'replace-gci'  = 'Get-ChildItem | Invoke-DeidReplace'
    'replace-enum' = 'EnumerateFiles | Invoke-DeidReplace'
}

function Get-TargetSummary {
    # $Cookies: the 2,100-file cookie corpus (or the one measured closest to it); $Large: the 7,000-file one, if measured;
    # $Small: the small CT corpus.
    param([object[]]$Rows, [string]$Cookies, [string]$Large, [string]$Small)
    if ($Small) {
        $gdcm = Get-BenchRow $Rows $Small 'gdcmanon'
        foreach ($kind in $replaceKinds.Keys) {
            $ours = Get-BenchRow $Rows $Small $kind
            if (-not $gdcm -or -not $ours) { continue }
            $goal = $gdcm.'CPU ms/file' / 2
            New-TargetLine "CPU per file, ours (pwsh run - pwsh -c 1): $($replaceKinds[$kind])" $Small `
                ('{0:F3} ms' -f $ours.'ours CPU ms/file') `
                ('<= {0:F3} ms (half of gdcmanon''s {1:F3})' -f $goal, $gdcm.'CPU ms/file') ($ours.'ours CPU ms/file' -le $goal)
        }
    }
    if ($Cookies) {
        $cp = Get-BenchRow $Rows $Cookies 'cp'
        $gdcm = Get-BenchRow $Rows $Cookies 'gdcmanon'
        foreach ($kind in $replaceKinds.Keys) {
            $ours = Get-BenchRow $Rows $Cookies $kind
            if (-not $ours) { continue }
            if ($cp) {
                $share = $ours.'files/s in-process' / $cp.'files/s'
                New-TargetLine "in-process files/s vs cp -r: $($replaceKinds[$kind])" $Cookies `
                    ('{0} files/s ({1:P0} of cp''s {2})' -f $ours.'files/s in-process', $share, $cp.'files/s') '>= 80 % of cp' ($share -ge 0.8)
            }
            if ($gdcm) {
                New-TargetLine "whole process vs gdcmanon: $($replaceKinds[$kind])" $Cookies `
                    ('{0:F2} s vs {1:F2} s ({2:F2}x)' -f $ours.Seconds, $gdcm.Seconds, ($gdcm.Seconds / $ours.Seconds)) 'faster (> 1x)' ($ours.Seconds -lt $gdcm.Seconds)
            }
        }
        foreach ($kind in 'identifier', 'identifier-enum', 'burned') {
            $ours = Get-BenchRow $Rows $Cookies $kind
            if (-not $ours) { continue }
            # For reading the result, not for judging it: how much of the time PowerShell's own pipeline of the same paths
            # takes with no command of ours in it.
            $floor = Get-BenchRow $Rows $Cookies ($(if ($kind -eq 'identifier') { 'pipeline-gci' } else { 'pipeline-enum' }))
            $note = if ($floor -and $floor.InnerSeconds -and $ours.InnerSeconds) {
                ' ({0:F0} of its {1:F0} ms are PowerShell''s pipeline alone)' -f (1000 * $floor.InnerSeconds), (1000 * $ours.InnerSeconds)
            }
            New-TargetLine "in-process files/s: $($ours.Measurement -replace '^pwsh: |,.*$', '')" $Cookies `
                ('{0} files/s{1}' -f $ours.'files/s in-process', $note) '>= 10,000 files/s' ($ours.'files/s in-process' -ge 10000)
        }
    }
    if ($Large) {
        $gdcm = Get-BenchRow $Rows $Large 'gdcmanon'
        foreach ($kind in $replaceKinds.Keys) {
            $ours = Get-BenchRow $Rows $Large $kind
            if (-not $gdcm -or -not $ours) { continue }
            $ratio = $gdcm.Seconds / $ours.Seconds
            New-TargetLine "whole process vs gdcmanon: $($replaceKinds[$kind])" $Large `
                ('{0:F2} s vs {1:F2} s ({2:F2}x)' -f $ours.Seconds, $gdcm.Seconds, $ratio) '>= 1.5x gdcmanon''s speed' ($ratio -ge 1.5)
        }
    }
    # Peak RSS of every pwsh row that reads headers or replaces them (the pixel rows have their own bound: a frame per thread).
    $pwshKinds = @('import', 'identifier', 'identifier-enum', 'burned') + @($replaceKinds.Keys)
    foreach ($corpus in $Rows | Where-Object Corpus | ForEach-Object Corpus | Select-Object -Unique) {
        $worst = $Rows | Where-Object { $_.Corpus -eq $corpus -and $_.Kind -in $pwshKinds } | Sort-Object 'PeakRSS MB' -Descending | Select-Object -First 1
        if (-not $worst) { continue }
        New-TargetLine 'peak RSS, largest pwsh row' $corpus ('{0} MB ({1})' -f $worst.'PeakRSS MB', ($worst.Measurement -replace '^pwsh: |,.*$', '')) '<= 150 MB' ($worst.'PeakRSS MB' -le 150)
    }
    $imports = @($Rows | Where-Object { $_.Kind -eq 'import' -and $null -ne $_.InnerSeconds } | ForEach-Object InnerSeconds)
    if ($imports.Count) {
        $ms = 1000 * (Get-Median $imports)
        New-TargetLine 'Import-Module (Stopwatch inside pwsh, median)' '' ('{0:F0} ms' -f $ms) '<= 150 ms' ($ms -le 150)
    }
}

function ConvertTo-MarkdownTable([object[]]$Rows, [string[]]$Columns) {
    '| ' + ($Columns -join ' | ') + ' |'
    '|' + ('---|' * $Columns.Count)
    foreach ($r in $Rows) {
        $cells = foreach ($c in $Columns) { "$($r.$c)" -replace '\|', '\|' }
        '| ' + ($cells -join ' | ') + ' |'
    }
}

function Write-TargetSummary([object[]]$Lines) {
    # As a table for the console and as markdown for docs/benchmarks.md.
    $Lines | Format-Table -AutoSize -Wrap | Out-String -Width 250 | Write-Host
    ConvertTo-MarkdownTable $Lines @('Target', 'Corpus', 'Measured', 'Goal', 'Result') | Write-Host
}

# Measurement helpers of bench/EndToEnd.ps1 (dot-sourced by it): one whole process timed by /usr/bin/time, its wall time,
# user+sys CPU and peak RSS, the median over several runs, and the row the tables are built from. Uses the script's $work,
# $Repeat, $ModulePath and $results.

function Get-Median([double[]]$Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { $sorted[[int](($n - 1) / 2)] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

function Get-PwshCommand {
    # A fresh `pwsh` that imports the module and then times $Body with a Stopwatch, printing "seconds=S" (the in-process time,
    # after Import-Module). $Check, when given, runs after the timing (e.g. a count check that exits 1).
    param([string]$Body, [string]$Check)
    @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
        "Import-Module '$ModulePath'; `$sw = [Diagnostics.Stopwatch]::StartNew(); $Body; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture); $Check")
}

function Measure-Process {
    # Runs the command $Times times (its output folder removed before each run) and keeps the medians of wall time and CPU and
    # the largest peak RSS: this disk's write-back makes single runs vary by a third, and other work on the 2 shared cores
    # stretches wall time more than CPU time. $Kind names the row for the summary against the targets (bench/EndToEnd.Summary.ps1);
    # a 'startup' row sets the CPU that later pwsh rows of the same corpus subtract ("ours CPU ms/file").
    param([string]$Name, [string]$Corpus, [string[]]$Command, [string]$Output, [int]$Times = $Repeat,
        [string]$Kind = '', [string]$CorpusName = '')
    $timeFile = Join-Path $work 'time.txt'
    $runs = foreach ($i in 1..$Times) {
        if ($Output) { Remove-Item $Output -Recurse -Force -ErrorAction SilentlyContinue }
        # Earlier runs' outputs are flushed first, so their write-back does not land in this measurement.
        & sync
        $out = & /usr/bin/time -f '%e %U %S %M' -o $timeFile @Command 2>&1
        if ($LASTEXITCODE -ne 0) { throw "$Name failed: $out" }
        # The last line: a command that fails under /usr/bin/time adds a "Command exited" line before it.
        $t = ((Get-Content $timeFile | Select-Object -Last 1).Trim()) -split ' '
        # Commands that time their own work print "seconds=S" (inside the process, without start-up).
        $inner = ($out | Select-String -Pattern 'seconds=([0-9.]+)' | Select-Object -Last 1)
        [pscustomobject]@{
            Seconds = [math]::Max([double]$t[0], 0.01)
            Cpu     = [double]$t[1] + [double]$t[2]
            User    = [double]$t[1]
            Sys     = [double]$t[2]
            Rss     = [double]$t[3]
            Inner   = if ($inner) { [double]$inner.Matches[0].Groups[1].Value } else { $null }
        }
    }
    if ($Output) { Remove-Item $Output -Recurse -Force -ErrorAction SilentlyContinue }
    $files = (Get-ChildItem $Corpus -File).Count
    $bytes = (Get-ChildItem $Corpus -File | Measure-Object Length -Sum).Sum
    $seconds = Get-Median ($runs | ForEach-Object Seconds)
    $cpu = Get-Median ($runs | ForEach-Object Cpu)
    $innerRuns = @($runs | Where-Object { $null -ne $_.Inner } | ForEach-Object Inner)
    $innerSeconds = if ($innerRuns.Count) { Get-Median $innerRuns } else { $null }
    if ($Kind -eq 'startup') { $script:startupCpu = $cpu }
    # Our own CPU per file: the pwsh process's CPU less that of a pwsh doing nothing, measured beside it on the same corpus.
    $isPwsh = $Command.Count -gt 1 -and $Command[1] -eq 'pwsh' -and $Kind -ne 'startup'
    $row = [pscustomobject]@{
        Measurement          = $Name
        Corpus               = $CorpusName
        Kind                 = $Kind
        Files                = $files
        Runs                 = $Times
        Seconds              = $seconds
        'files/s'            = [int][math]::Round($files / $seconds, 0)
        'MB/s'               = [math]::Round($bytes / 1MB / $seconds, 1)
        'CPU s'              = [math]::Round($cpu, 2)
        # Shown apart because system time swings most here: two writer threads spin on the output folder's lock, and ext4
        # searches its inode bitmap past the files the previous run deleted.
        'user s'             = [math]::Round((Get-Median ($runs | ForEach-Object User)), 2)
        'sys s'              = [math]::Round((Get-Median ($runs | ForEach-Object Sys)), 2)
        'CPU ms/file'        = [math]::Round(1000 * $cpu / $files, 3)
        'ours CPU ms/file'   = if ($isPwsh -and $null -ne $script:startupCpu) { [math]::Round(1000 * ($cpu - $script:startupCpu) / $files, 3) } else { $null }
        'PeakRSS MB'         = [int][math]::Round((($runs | Measure-Object Rss -Maximum).Maximum) / 1024, 0)
        InnerSeconds         = $innerSeconds
        'files/s in-process' = if ($innerSeconds) { [int][math]::Round($files / [math]::Max($innerSeconds, 0.001), 0) } else { $null }
        'in-process range'   = if ($innerRuns.Count -gt 1) {
            '{0}-{1}' -f [math]::Round($files / ($innerRuns | Measure-Object -Maximum).Maximum, 0), [math]::Round($files / [math]::Max(($innerRuns | Measure-Object -Minimum).Minimum, 0.001), 0)
        } else { $null }
    }
    $results.Add($row)
    $row | Format-Table (Get-DisplayColumn) -AutoSize | Out-String -Width 250 | Write-Host
}

function Get-DisplayColumn {
    # The columns of the printed tables (Corpus, Kind and the unrounded in-process seconds are kept for the summary only).
    @('Measurement', 'Files', 'Runs', 'Seconds', 'files/s', 'MB/s', 'CPU s', 'user s', 'sys s', 'CPU ms/file', 'ours CPU ms/file', 'PeakRSS MB',
        'files/s in-process', 'in-process range')
}

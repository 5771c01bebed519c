<#
.SYNOPSIS
    End-to-end throughput and memory, beside `cp` on the same files in the same run. Called by `dotnet pwsh ./build.ps1 Bench`.
.DESCRIPTION
    Corpus: deid's seven cookie files copied ×30 (210 files) and ×300 (2100 files) into a temporary folder (hard links where
    possible; -Copies 30,300,1000 adds a 7000-file corpus to check that memory stays flat). Every measurement is a
    whole process timed here, its peak RSS read from /usr/bin/time: cp, the codec alone (bench/Deid.Benchmarks commands), and
    the cmdlets in a fresh pwsh. Each runs -Repeat times (default 3) and the table shows the median, with the range of the
    in-process rates. Also a synthetic 2 GB multi-frame file read header-only and copied (once), and the pixel rows:
    Test-DicomBurnedPixel (headers only) on each corpus, the 7 JPEG cookies decoded by dcmdjpeg beside Clear-DicomPixel
    decoding, cleaning and writing them, and Invoke-DeidReplace -CleanPixels on the first corpus and on deid's uncompressed
    768x1024 RGB ultrasound x300 (every file flagged, so every frame is cleaned), and on one 500-frame 768x1024 RGB cine.
#>
param(
    [Parameter(Mandatory)][string]$ModulePath,
    # Copies of the seven cookies per corpus; "30,300" is accepted too (build.ps1 passes it through -File as one string).
    [string[]]$Copies = @('30', '300'),
    [int]$LargeMegabytes = 2048,
    # Runs of each corpus measurement; the table shows the median (the 2 GB file runs once).
    [int]$Repeat = 3
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
[int[]]$Copies = $Copies -split ',' | ForEach-Object { [int]$_ }
$root = Split-Path $PSScriptRoot -Parent
$cookies = Join-Path $root '../shared/data/deid-data/dicom-cookies'
if (-not (Test-Path $cookies)) { throw "The cookie corpus is expected at $cookies (../shared beside the repository)." }
$bench = Join-Path $root 'bench/Deid.Benchmarks'
& dotnet build $bench -c Release --nologo -v q -clp:ErrorsOnly
if ($LASTEXITCODE -ne 0) { throw 'bench build failed' }
$benchDll = Join-Path $bench 'bin/Release/net10.0/Deid.Benchmarks.dll'
$work = Join-Path ([IO.Path]::GetTempPath()) "deid-bench-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
New-Item -ItemType Directory -Path $work | Out-Null
$results = [System.Collections.Generic.List[object]]::new()

function Measure-Process {
    # Runs the command $Repeat times (its output folder removed before each run) and reports the median time and the largest
    # peak RSS: this disk's write-back makes single runs vary by a third.
    param([string]$Name, [string]$Corpus, [string[]]$Command, [string]$Output, [int]$Times = $Repeat)
    $timeFile = Join-Path $work 'time.txt'
    $runs = foreach ($i in 1..$Times) {
        if ($Output) { Remove-Item $Output -Recurse -Force -ErrorAction SilentlyContinue }
        # Earlier runs' outputs are flushed first, so their write-back does not land in this measurement.
        & sync
        $out = & /usr/bin/time -f '%e %M' -o $timeFile @Command 2>&1
        if ($LASTEXITCODE -ne 0) { throw "$Name failed: $out" }
        $t = (Get-Content $timeFile -Raw).Trim() -split ' '
        # Commands that time their own work print "seconds=S" (inside the process, without start-up).
        $inner = ($out | Select-String -Pattern 'seconds=([0-9.]+)' | Select-Object -Last 1)
        [pscustomobject]@{
            Seconds = [math]::Max([double]$t[0], 0.01)
            Rss     = [double]$t[1]
            Inner   = if ($inner) { [double]$inner.Matches[0].Groups[1].Value } else { $null }
        }
    }
    if ($Output) { Remove-Item $Output -Recurse -Force -ErrorAction SilentlyContinue }
    $files = (Get-ChildItem $Corpus -File).Count
    $bytes = (Get-ChildItem $Corpus -File | Measure-Object Length -Sum).Sum
    $seconds = Get-Median ($runs | ForEach-Object Seconds)
    $innerRuns = @($runs | Where-Object { $null -ne $_.Inner } | ForEach-Object Inner)
    $innerSeconds = if ($innerRuns.Count) { Get-Median $innerRuns } else { $null }
    $row = [pscustomobject]@{
        Measurement  = $Name
        Files        = $files
        Runs         = $Times
        'files/s'    = [math]::Round($files / $seconds, 0)
        'MB/s'       = [math]::Round($bytes / 1MB / $seconds, 1)
        Seconds      = $seconds
        'PeakRSS MB' = [math]::Round((($runs | Measure-Object Rss -Maximum).Maximum) / 1024, 0)
        'files/s in-process' = if ($innerSeconds) { [math]::Round($files / [math]::Max($innerSeconds, 0.001), 0) } else { $null }
        'in-process range' = if ($innerRuns.Count -gt 1) {
            '{0}-{1}' -f [math]::Round($files / ($innerRuns | Measure-Object -Maximum).Maximum, 0), [math]::Round($files / [math]::Max(($innerRuns | Measure-Object -Minimum).Minimum, 0.001), 0)
        } else { $null }
    }
    $results.Add($row)
    $row | Format-Table -AutoSize | Out-String -Width 220 | Write-Host
}

function Measure-PwshReplace {
    # Invoke-DeidReplace with the default recipe in a fresh pwsh, fed by $Source (the command up to its -Recipe); the
    # in-process time starts after Import-Module. Uses $corpus and $n of the corpus loop.
    param([string]$Label, [string]$Source, [string]$OutputName)
    $output = Join-Path $work $OutputName
    Measure-Process "pwsh: $Label, default recipe x$n" $corpus @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
        "Import-Module '$ModulePath'; `$sw = [Diagnostics.Stopwatch]::StartNew(); $Source -Recipe dicom -OutputFolder '$output' -WarningAction SilentlyContinue; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)") -Output $output
}

function Get-Median([double[]]$Values) {
    $sorted = $Values | Sort-Object
    $n = $sorted.Count
    if ($n % 2) { $sorted[[int](($n - 1) / 2)] } else { ($sorted[$n / 2 - 1] + $sorted[$n / 2]) / 2 }
}

$recipe = Join-Path $root 'recipes/deid.dicom'
try {
    foreach ($n in $Copies) {
        $corpus = Join-Path $work "corpus-$n"
        New-Item -ItemType Directory -Path $corpus | Out-Null
        foreach ($i in 1..$n) {
            foreach ($f in Get-ChildItem $cookies -Filter *.dcm) {
                # Hard links when the file system allows (the inputs are only read): a x1000 corpus is then made in seconds.
                $target = Join-Path $corpus ("{0:D4}-{1}" -f $i, $f.Name)
                try { New-Item -ItemType HardLink -Path $target -Target $f.FullName -ErrorAction Stop | Out-Null } catch { Copy-Item $f.FullName $target }
            }
        }
        Write-Host "== Corpus: $((Get-ChildItem $corpus).Count) files (cookies x$n)" -ForegroundColor Cyan
        # Warm the page cache so every run reads from memory, as cp does after the first.
        Get-ChildItem $corpus | ForEach-Object { [IO.File]::ReadAllBytes($_.FullName) | Out-Null }
        # The floor of every pwsh row: a pwsh process that does nothing, over the same file count (files/s = the best any module could reach).
        Measure-Process "pwsh: start-up alone (-Command 1) x$n" $corpus @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command', '1')
        Measure-Process "cp x$n" $corpus @('cp', '-r', $corpus, (Join-Path $work "cp-$n")) -Output (Join-Path $work "cp-$n")
        Measure-Process "codec: header-only parse x$n" $corpus @('dotnet', $benchDll, 'headers', $corpus)
        Measure-Process "codec: read + write unmodified x$n" $corpus @('dotnet', $benchDll, 'copy', $corpus, (Join-Path $work "copy-$n")) -Output (Join-Path $work "copy-$n")
        Measure-Process "engine: replace, default recipe x$n" $corpus @('dotnet', $benchDll, 'replace', $corpus, (Join-Path $work "engine-$n"), $recipe) -Output (Join-Path $work "engine-$n")
        Measure-Process "pwsh: Get-DicomIdentifier x$n" $corpus @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$ModulePath'; `$sw = [Diagnostics.Stopwatch]::StartNew(); `$n = (Get-ChildItem '$corpus' | Get-DicomIdentifier | Measure-Object).Count; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture); if (`$n -ne (Get-ChildItem '$corpus').Count) { exit 1 }")
        # The same with paths streamed from .NET: each string binds -Path on its own (PowerShell's globber cost ~0.2 ms a path
        # before FileResolver took absolute, normalised paths of existing files as they are).
        Measure-Process "pwsh: EnumerateFiles | Get-DicomIdentifier x$n" $corpus @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$ModulePath'; `$sw = [Diagnostics.Stopwatch]::StartNew(); `$n = ([IO.Directory]::EnumerateFiles('$corpus') | Get-DicomIdentifier | Measure-Object).Count; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture); if (`$n -ne (Get-ChildItem '$corpus').Count) { exit 1 }")
        Measure-PwshReplace 'Invoke-DeidReplace' "Get-ChildItem '$corpus' | Invoke-DeidReplace" "pwsh-$n"
        # The same through -Path (PowerShell expands the wildcard: no FileInfo objects in the pipeline), and through path strings
        # streamed from .NET: Get-ChildItem keeps every FileInfo of the folder, with the notes PowerShell adds to each one it
        # emits, until it ends (about 1.8 KB a file), and -Path holds as much while its wildcard is expanded; the stream holds nothing.
        Measure-PwshReplace 'Invoke-DeidReplace -Path corpus/*' "Invoke-DeidReplace -Path '$(Join-Path $corpus '*')'" "pwsh-path-$n"
        Measure-PwshReplace 'EnumerateFiles | Invoke-DeidReplace' "[IO.Directory]::EnumerateFiles('$corpus') | Invoke-DeidReplace" "pwsh-enum-$n"
        # Burned-pixel detection reads headers only (the issue's target: 5,000 files/s in-process).
        Measure-Process "pwsh: Test-DicomBurnedPixel, default recipe x$n" $corpus @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$ModulePath'; `$sw = [Diagnostics.Stopwatch]::StartNew(); `$n = ([IO.Directory]::EnumerateFiles('$corpus') | Test-DicomBurnedPixel -Recipe dicom -WarningAction SilentlyContinue | Measure-Object).Count; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture); if (`$n -ne (Get-ChildItem '$corpus').Count) { exit 1 }")
    }

    # Pixel cleaning: every file flagged with a region, so every frame is decoded, masked and written (uncompressed).
    $flagAll = Join-Path $work 'deid.flagall'
    "FORMAT dicom`n`n%filter blacklist`n`nLABEL Everything`n  present Rows`n  coordinates 0,0,400,60`n" | Set-Content -LiteralPath $flagAll
    $jpegs = Join-Path $work 'jpeg-cookies'
    New-Item -ItemType Directory -Path $jpegs | Out-Null
    Get-ChildItem $cookies -Filter *.dcm | Copy-Item -Destination $jpegs
    Write-Host '== Pixels: the 7 JPEG cookies (2048x1536 RGB), decoded by dcmdjpeg and cleaned by us' -ForegroundColor Cyan
    Measure-Process 'dcmdjpeg: decode the 7 JPEG cookies (7 processes)' $jpegs @('bash', '-c', "mkdir -p '$work/dcmdjpeg' && for f in '$jpegs'/*.dcm; do dcmdjpeg `"`$f`" '$work/dcmdjpeg/'`$(basename `"`$f`") || exit 1; done") -Output (Join-Path $work 'dcmdjpeg')
    Measure-Process 'pwsh: Clear-DicomPixel, the 7 JPEG cookies (decode, clean, write)' $jpegs @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
        "Import-Module '$ModulePath'; `$sw = [Diagnostics.Stopwatch]::StartNew(); Get-ChildItem '$jpegs' | Clear-DicomPixel -Recipe '$flagAll' -OutputFolder '$work/clear-jpeg'; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)") -Output (Join-Path $work 'clear-jpeg')
    foreach ($n in $Copies | Select-Object -First 1) {
        $corpus = Join-Path $work "corpus-$n"
        Measure-Process "pwsh: Invoke-DeidReplace -CleanPixels, JPEG cookies x$n" $corpus @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$ModulePath'; `$sw = [Diagnostics.Stopwatch]::StartNew(); [IO.Directory]::EnumerateFiles('$corpus') | Invoke-DeidReplace -Recipe '$flagAll' -CleanPixels -OutputFolder '$work/clean-$n'; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)") -Output (Join-Path $work "clean-$n")
    }
    $us = Join-Path $work 'us-300'
    New-Item -ItemType Directory -Path $us | Out-Null
    $usFile = Join-Path $root '../shared/data/deid-data/ultrasounds/RGB_IMAGE.dcm'
    foreach ($i in 1..300) {
        $target = Join-Path $us ("{0:D4}.dcm" -f $i)
        try { New-Item -ItemType HardLink -Path $target -Target $usFile -ErrorAction Stop | Out-Null } catch { Copy-Item $usFile $target }
    }
    Measure-Process 'pwsh: Invoke-DeidReplace -CleanPixels, uncompressed RGB ultrasound x300' $us @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
        "Import-Module '$ModulePath'; `$sw = [Diagnostics.Stopwatch]::StartNew(); [IO.Directory]::EnumerateFiles('$us') | Invoke-DeidReplace -Recipe '$flagAll' -CleanPixels -OutputFolder '$work/clean-us'; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)") -Output (Join-Path $work 'clean-us')

    # One 500-frame 768x1024 RGB cine (1.2 GB, deid's ultrasound frame repeated, NumberOfFrames added before Rows): cleaned one
    # frame at a time through the spooled builder, so peak RSS must stay near pwsh's own whatever the frame count.
    $cine = Join-Path $work 'cine'
    New-Item -ItemType Directory -Path $cine | Out-Null
    $src = [IO.File]::ReadAllBytes((Resolve-Path $usFile).Path)
    $rowsAt = [Array]::IndexOf($src, [byte]0x28, 132)
    while (-not ($src[$rowsAt + 1] -eq 0 -and $src[$rowsAt + 2] -eq 0x10 -and $src[$rowsAt + 3] -eq 0 -and $src[$rowsAt + 4] -eq [byte][char]'U')) { $rowsAt = [Array]::IndexOf($src, [byte]0x28, $rowsAt + 1) }
    $pixelAt = $src.Length - 2359296 - 12
    $out = [IO.File]::Create((Join-Path $cine 'cine-500.dcm'))
    try {
        $out.Write($src, 0, $rowsAt)
        $nf = [byte[]](0x28, 0, 8, 0, [byte][char]'I', [byte][char]'S', 4, 0) + [Text.Encoding]::ASCII.GetBytes('500 ')
        $out.Write($nf, 0, $nf.Length)
        $out.Write($src, $rowsAt, $pixelAt + 8 - $rowsAt)
        $out.Write([BitConverter]::GetBytes([uint32](2359296 * 500)), 0, 4)
        foreach ($i in 1..500) { $out.Write($src, $pixelAt + 12, 2359296) }
    }
    finally { $out.Dispose() }
    Measure-Process 'pwsh: Invoke-DeidReplace -CleanPixels, one 500-frame 768x1024 RGB cine (1.2 GB)' $cine @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
        "Import-Module '$ModulePath'; `$sw = [Diagnostics.Stopwatch]::StartNew(); Invoke-DeidReplace -LiteralPath '$cine/cine-500.dcm' -Recipe '$flagAll' -CleanPixels -OutputFolder '$work/clean-cine'; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)") -Output (Join-Path $work 'clean-cine') -Times 1
    Remove-Item $cine -Recurse -Force

    if ($LargeMegabytes -gt 0) {
        $large = Join-Path $work 'large'
        New-Item -ItemType Directory -Path $large | Out-Null
        Write-Host "== A synthetic $LargeMegabytes MB multi-frame file" -ForegroundColor Cyan
        & dotnet $benchDll make-large (Join-Path $large 'multiframe.dcm') $LargeMegabytes | Out-Null
        Measure-Process "cp ${LargeMegabytes} MB file" $large @('cp', (Join-Path $large 'multiframe.dcm'), (Join-Path $work 'large-cp.dcm')) -Output (Join-Path $work 'large-cp.dcm') -Times 1
        Measure-Process "codec: header-only parse ${LargeMegabytes} MB file" $large @('dotnet', $benchDll, 'headers', $large) -Times 1
        Measure-Process "codec: read + write ${LargeMegabytes} MB file" $large @('dotnet', $benchDll, 'copy', $large, (Join-Path $work 'large-copy')) -Output (Join-Path $work 'large-copy') -Times 1
    }

    Write-Host "`n== Summary (2 cores; $(Get-Date -Format 'yyyy-MM-dd'))" -ForegroundColor Cyan
    $results | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

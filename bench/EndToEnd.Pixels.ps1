# The pixel rows of bench/EndToEnd.ps1 (dot-sourced by it): every file flagged by a one-label recipe, so every frame is
# decoded, cleaned and written. Uses the script's $work, $outs, $cookies, $root, $ModulePath and Measure-Process.

function Measure-PixelRow {
    # $FirstCorpus: the first cookie corpus (folder), cleaned with -CleanPixels; $FirstCopies: its copy count, for the label.
    param([string]$FirstCorpus, [int]$FirstCopies)
    # Pixel cleaning: every file flagged with a region, so every frame is decoded, masked and written (uncompressed).
    $flagAll = Join-Path $work 'deid.flagall'
    "FORMAT dicom`n`n%filter blacklist`n`nLABEL Everything`n  present Rows`n  coordinates 0,0,400,60`n" | Set-Content -LiteralPath $flagAll
    $jpegs = Join-Path $work 'jpeg-cookies'
    New-Item -ItemType Directory -Path $jpegs | Out-Null
    Get-ChildItem $cookies -Filter *.dcm | Copy-Item -Destination $jpegs
    Write-Host '== Pixels: the 7 JPEG cookies (2048x1536 RGB), decoded by dcmdjpeg and cleaned by us' -ForegroundColor Cyan
    Measure-Process 'dcmdjpeg: decode the 7 JPEG cookies (7 processes)' $jpegs @('bash', '-c', "mkdir -p '$outs/dcmdjpeg' && for f in '$jpegs'/*.dcm; do dcmdjpeg `"`$f`" '$outs/dcmdjpeg/'`$(basename `"`$f`") || exit 1; done") -Output (Join-Path $outs 'dcmdjpeg')
    Measure-Process 'pwsh: Clear-DicomPixel, the 7 JPEG cookies (decode, clean, write)' $jpegs (Get-PwshCommand "Get-ChildItem '$jpegs' | Clear-DicomPixel -Recipe '$flagAll' -OutputFolder '$outs/clear-jpeg'") -Output (Join-Path $outs 'clear-jpeg')
    if ($FirstCorpus) {
        $n = $FirstCopies
        # Cleaned cookies are written uncompressed: 9.4 MB each (2048x1536 RGB). On a tmpfs that is memory, and 2,100 of them
        # (-Copies 300,...) took the machine to its out-of-memory killer: the row is left out, saying why, when the output's
        # file system (on a tmpfs, the memory available) lacks room for them and 4 GB besides.
        $need = (Get-ChildItem $FirstCorpus -File).Count * 2048L * 1536 * 3 + 4GB
        $drive = [IO.DriveInfo]::new($outs)
        $free = $drive.AvailableFreeSpace
        if ($drive.DriveFormat -eq 'tmpfs' -and (Test-Path /proc/meminfo)) {
            $available = 1KB * [long]((Select-String -LiteralPath /proc/meminfo -Pattern '^MemAvailable:\s+(\d+)').Matches[0].Groups[1].Value)
            $free = [math]::Min($free, $available)
        }
        if ($free -lt $need) {
            Write-Warning ("Left out: Invoke-DeidReplace -CleanPixels on the cookies x{0} would write {1:N1} GB where {2:N1} GB are free; put a smaller -Copies first." -f $n, ($need / 1GB), ($free / 1GB))
            $FirstCorpus = $null
        }
    }
    if ($FirstCorpus) {
        Measure-Process "pwsh: Invoke-DeidReplace -CleanPixels, JPEG cookies x$n" $FirstCorpus (Get-PwshCommand "[IO.Directory]::EnumerateFiles('$FirstCorpus') | Invoke-DeidReplace -Recipe '$flagAll' -CleanPixels -OutputFolder '$outs/clean-$n'") -Output (Join-Path $outs "clean-$n")
    }
    $us = Join-Path $work 'us-300'
    New-Item -ItemType Directory -Path $us | Out-Null
    $usFile = Join-Path $root '../shared/data/deid-data/ultrasounds/RGB_IMAGE.dcm'
    foreach ($i in 1..300) {
        $target = Join-Path $us ("{0:D4}.dcm" -f $i)
        try { New-Item -ItemType HardLink -Path $target -Target $usFile -ErrorAction Stop | Out-Null } catch { Copy-Item $usFile $target }
    }
    Measure-Process 'pwsh: Invoke-DeidReplace -CleanPixels, uncompressed RGB ultrasound x300' $us (Get-PwshCommand "[IO.Directory]::EnumerateFiles('$us') | Invoke-DeidReplace -Recipe '$flagAll' -CleanPixels -OutputFolder '$outs/clean-us'") -Output (Join-Path $outs 'clean-us')

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
    Measure-Process 'pwsh: Invoke-DeidReplace -CleanPixels, one 500-frame 768x1024 RGB cine (1.2 GB)' $cine (Get-PwshCommand "Invoke-DeidReplace -LiteralPath '$cine/cine-500.dcm' -Recipe '$flagAll' -CleanPixels -OutputFolder '$outs/clean-cine'") -Output (Join-Path $outs 'clean-cine') -Times 1
    Remove-Item $cine -Recurse -Force

}

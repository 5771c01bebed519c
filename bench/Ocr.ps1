<#
.SYNOPSIS
    -Ocr beside Tesseract itself, in the same run (issue 13). Called by `dotnet pwsh ./build.ps1 Bench`.
.DESCRIPTION
    Corpus: New-DicomSample -LegibleText (512x512 ultrasound frames with the name, ID and birth date burned in). Each frame is
    rendered once, outside the timing, to the very image -Ocr gives Tesseract (OcrImage: luminance, inverted when dark,
    upscaled); then, files in parallel up to the core count:
      - tesseract run directly on those images with the two readings -Ocr makes (--psm 11 and --psm 6, TSV out), via xargs -P;
      - Test-DicomBurnedPixel -Ocr in one pwsh (in-process time after Import-Module: open, render, Tesseract, match);
      - Invoke-DeidReplace -CleanPixels -Ocr (all of that plus the header recipe, the cleaning and the write).
    Prints seconds per frame for each and our overhead over Tesseract alone.
#>
param(
    [Parameter(Mandatory)][string]$ModulePath,
    [int]$Count = 24
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
$tesseract = (Get-Command tesseract -ErrorAction SilentlyContinue).Source
if (-not $tesseract) { Write-Warning 'tesseract is not installed: no OCR rows (apt-get install tesseract-ocr tesseract-ocr-eng).'; return }
$work = Join-Path ([IO.Path]::GetTempPath()) "deid-ocr-bench-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$cores = [Environment]::ProcessorCount
try {
    $prepare = @"
Import-Module '$ModulePath'
`$s = New-DicomSample -Path '$work/in' -Count $Count -Modality US -LegibleText -Seed 3
New-Item -ItemType Directory -Path '$work/pgm' | Out-Null
foreach (`$f in `$s) {
    `$img = [Deid.Ocr.OcrImage]::From([Deid.Pixels.PngPreview]::Render([Deid.Dicom.DicomFile]::Open(`$f.FullName), 0))
    [IO.File]::WriteAllBytes((Join-Path '$work/pgm' (`$f.BaseName + '.pgm')), `$img.ToPgm())
}
"@
    & dotnet pwsh -NoProfile -NonInteractive -Command $prepare
    if ($LASTEXITCODE -ne 0) { throw 'could not make the OCR corpus' }

    $env:OMP_THREAD_LIMIT = '1'
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & bash -c "ls '$work'/pgm/*.pgm | xargs -P $cores -I{} sh -c 'tesseract {} stdout --dpi 300 --psm 11 -l eng tsv >/dev/null 2>&1; tesseract {} stdout --dpi 300 --psm 6 -l eng tsv >/dev/null 2>&1'"
    $direct = $sw.Elapsed.TotalSeconds

    $inner = {
        param([string]$Command)
        $out = & dotnet pwsh -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; `$sw = [Diagnostics.Stopwatch]::StartNew(); $Command; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)"
        if ($LASTEXITCODE -ne 0) { throw "failed: $Command" }
        [double](($out | Select-String 'seconds=([0-9.]+)' | Select-Object -Last 1).Matches[0].Groups[1].Value)
    }
    $test = & $inner "`$n = @(Get-ChildItem '$work/in' -Filter *.dcm | Test-DicomBurnedPixel -Ocr -Recipe dicom -WarningAction SilentlyContinue | Where-Object Flagged).Count; if (`$n -ne $Count) { exit 1 }"
    $replace = & $inner "Get-ChildItem '$work/in' -Filter *.dcm | Invoke-DeidReplace -Recipe dicom -CleanPixels -Ocr -OutputFolder '$work/out' -WarningAction SilentlyContinue"

    $rows = @(
        [pscustomobject]@{ Measurement = "tesseract directly (psm 11 + psm 6), $cores in parallel"; Frames = $Count; 's/frame' = [math]::Round($direct / $Count, 3); Overhead = '' }
        [pscustomobject]@{ Measurement = 'Test-DicomBurnedPixel -Ocr (in-process)'; Frames = $Count; 's/frame' = [math]::Round($test / $Count, 3); Overhead = '{0:P0}' -f (($test - $direct) / $direct) }
        [pscustomobject]@{ Measurement = 'Invoke-DeidReplace -CleanPixels -Ocr (in-process)'; Frames = $Count; 's/frame' = [math]::Round($replace / $Count, 3); Overhead = '{0:P0}' -f (($replace - $direct) / $direct) }
    )
    $rows | Format-Table -AutoSize | Out-String -Width 200 | Write-Host
}
finally {
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}

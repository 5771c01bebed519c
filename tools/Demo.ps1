<#
.SYNOPSIS
    The README demo: deid's cookie tutorial on synthetic samples — extract ids, edit them in PowerShell, replace, show what changed.
    Run through `dotnet pwsh ./build.ps1 Demo`, which builds the module first.
#>
param([Parameter(Mandatory)][string]$ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

$work = Join-Path ([IO.Path]::GetTempPath()) "deid-demo-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
$inputFolder = Join-Path $work 'input'
$outputFolder = Join-Path $work 'output'

Write-Host "`n== 1. Seven synthetic 'cookie' files with fake PHI (header and burned-in pixels), in $inputFolder" -ForegroundColor Cyan
$files = New-DicomSample -Path $inputFolder -Count 7 -Modality US -Seed 42
$files | Format-Table Name, Length -AutoSize | Out-Host

Write-Host '== 2. Extract the identifiers (headers only)' -ForegroundColor Cyan
$ids = Get-ChildItem $inputFolder -Filter *.dcm | Get-DicomIdentifier
$ids | Select-Object @{ n = 'File'; e = { Split-Path $_.Path -Leaf } }, PatientName, PatientID, SOPInstanceUID | Format-Table -AutoSize | Out-Host

Write-Host '== 3. Edit them with ordinary PowerShell: one id for all, a source id per image' -ForegroundColor Cyan
$count = 0
foreach ($id in $ids) {
    $id.Variables.id = 'cookiemonster'
    $id.Variables.source_id = "cookiemonster-image-$count"
    $count++
}
$ids | Select-Object @{ n = 'File'; e = { Split-Path $_.Path -Leaf } }, @{ n = 'Variables'; e = { ($_.Variables.GetEnumerator() | Sort-Object Key | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ', ' } } |
    Format-Table -AutoSize | Out-Host

Write-Host '== 4. The three-line recipe of the tutorial' -ForegroundColor Cyan
$recipeFile = Join-Path $work 'deid.tutorial'
@'
FORMAT dicom

%header

ADD PatientIdentityRemoved YES
REPLACE PatientID var:id
REPLACE SOPInstanceUID var:source_id
'@ | Set-Content -LiteralPath $recipeFile
$recipe = Get-DeidRecipe -Path $recipeFile
$recipe | Get-DeidAction | Out-Host

Write-Host "== 5. Replace: de-identified copies in $outputFolder, named by the new PatientID and SOPInstanceUID (inputs untouched)" -ForegroundColor Cyan
Write-Host '   Headers only, as in deid''s tutorial: the samples also carry the patient in their pixels, which the warning below is about and step 8 cleans.'
# -OutputName reads the de-identified header, so the folder tree shows only the new identifiers.
$results = $ids | Invoke-DeidReplace -Recipe $recipe -OutputFolder $outputFolder -OutputName '{PatientID}/{SOPInstanceUID}.dcm' -PassThru
$results | Out-Host
Get-ChildItem $outputFolder -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($outputFolder, $_.FullName) } | Out-Host

Write-Host '== 6. What changed in one file: Compare-DicomDataset (the file meta information is its own part)' -ForegroundColor Cyan
# Fixed at 120 columns: a narrower host (a redirected one is 80) would drop the After column.
$results[0] | Compare-DicomDataset | Out-String -Width 120 | Out-Host

Write-Host '== 7. Burned-in pixels: ultrasound samples carry the patient in a text band' -ForegroundColor Cyan
$usFolder = Join-Path $work 'ultrasound'
$us = @(New-DicomSample -Path $usFolder -Modality US -Count 2 -Seed 3)
# A site's own filter for its device, beside the header actions: the sample device burns its text into the top 24 rows.
$usRecipe = Join-Path $work 'deid.sampler'
@'
FORMAT dicom

%filter blacklist

LABEL Sampler ultrasound text band
  contains ManufacturerModelName SAMPLER US
  coordinates 0,0,128,24

%header

REPLACE PatientName anonymous
REMOVE PatientID
'@ | Set-Content -LiteralPath $usRecipe
# Which filter label matched, and the rectangle it will blank (x0,y0,x1,y1), in 80 columns.
$us | Test-DicomBurnedPixel -Recipe $usRecipe |
    Format-Table @{ n = 'File'; e = { Split-Path $_.Path -Leaf } }, Flagged, @{ n = 'Group'; e = { $_.Group -join ', ' } },
        @{ n = 'Label'; e = { $_.Label -join '; ' } }, @{ n = 'Coordinates'; e = { $_.Coordinates -join '; ' } } -AutoSize | Out-Host

Write-Host '== 8. Header and pixels in one pass: Invoke-DeidReplace -CleanPixels' -ForegroundColor Cyan
$usOut = Join-Path $work 'ultrasound-clean'
$cleaned = $us | Invoke-DeidReplace -Recipe $usRecipe -CleanPixels -OutputFolder $usOut -PassThru
$cleaned | Format-Table @{ n = 'File'; e = { Split-Path $_.SourcePath -Leaf } }, PixelsFlagged, FramesCleaned, Replaced, Removed -AutoSize | Out-Host
# Before and after, as pictures a person can open.
$beforePng = Join-Path $work 'ultrasound-before.png'
$afterPng = Join-Path $work 'ultrasound-after.png'
[Deid.Pixels.PngPreview]::Write([Deid.Dicom.DicomFile]::Open($us[0].FullName), $beforePng, 0, $true, 2) | Out-Null
[Deid.Pixels.PngPreview]::Write([Deid.Dicom.DicomFile]::Open($cleaned[0].OutputPath), $afterPng, 0, $true, 2) | Out-Null
"PNG before: $beforePng"
"PNG after:  $afterPng"

Write-Host "`nDemo files are in $work"

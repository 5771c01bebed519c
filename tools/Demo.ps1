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

Write-Host "== 5. Replace: de-identified copies in $outputFolder (inputs untouched)" -ForegroundColor Cyan
$results = $ids | Invoke-DeidReplace -Recipe $recipe -OutputFolder $outputFolder -PassThru
$results | Out-Host

Write-Host '== 6. What changed in one file' -ForegroundColor Cyan
$before = Get-DicomDataset -LiteralPath $files[0].FullName
$after = Get-DicomDataset -LiteralPath $results[0].OutputPath
$old = @{}; foreach ($row in $before.Elements) { $old[$row.Tag.ToString()] = $row.DisplayValue }
$new = @{}; foreach ($row in $after.Elements) { $new[$row.Tag.ToString()] = $row.DisplayValue }
foreach ($tag in ($old.Keys + $new.Keys | Sort-Object -Unique)) {
    if ($old[$tag] -ne $new[$tag]) {
        $row = @($after.Elements) + @($before.Elements) | Where-Object { $_.Tag.ToString() -eq $tag } | Select-Object -First 1
        $was = if ($old.ContainsKey($tag)) { $old[$tag] } else { '(absent)' }
        "{0} {1,-24} {2}`n{3,37} -> {4}" -f $tag, $row.Keyword, $was, '', $new[$tag]
    }
}
Write-Host "`nDemo files are in $work"

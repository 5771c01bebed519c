<#
.SYNOPSIS
    The README demo: synthetic samples, browsed with Get-DicomDataset.
    Run through `dotnet pwsh ./build.ps1 Demo`, which builds the module first.
#>
param([Parameter(Mandatory)][string]$ModulePath)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath -Force

$work = Join-Path ([IO.Path]::GetTempPath()) "deid-demo-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
Write-Host "`n== 1. Seven synthetic 'cookie' CT files with fake PHI, in $work" -ForegroundColor Cyan
$files = New-DicomSample -Path (Join-Path $work 'input') -Count 7 -Modality CT -Seed 42
$files | Format-Table Name, Length -AutoSize | Out-Host

Write-Host '== 2. Browse one: values by keyword or tag, sequences as items' -ForegroundColor Cyan
$ds = Get-DicomDataset -LiteralPath $files[0].FullName
"PatientName            : $($ds.PatientName)"
"PatientID              : $($ds['PatientID'])"
"(0008,0020) StudyDate  : $($ds['(0008,0020)'])"
"Referenced study UID   : $($ds.ReferencedStudySequence[0].ReferencedSOPInstanceUID)"
''
$ds | Out-Host
Write-Host "Demo files are in $work"

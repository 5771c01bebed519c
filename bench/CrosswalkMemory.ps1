<#
.SYNOPSIS
    What appending to a large crosswalk costs: Invoke-DeidReplace -CrosswalkPath over a few files with a crosswalk of -Rows
    rows already in it, in a child pwsh measured by /usr/bin/time (peak RSS, wall time).
.DESCRIPTION
    A crosswalk grows with every run; a run reads it before writing (to refuse a file that disagrees with it) and appends to it
    at the end. Both are streamed and the rows kept as hashes, so memory grows by some 30 bytes a row, not with the rows' text.

    dotnet pwsh bench/CrosswalkMemory.ps1 -Rows 1000000

    With many files and -Compare, what the run's own rows cost (each written file's rows are read back from the journal at the
    end, not held): the same run without -CrosswalkPath is measured too, in a fresh pwsh.

    dotnet pwsh bench/CrosswalkMemory.ps1 -Rows 0 -Files 20000 -Compare
#>
param(
    [string]$ModulePath = (Join-Path $PSScriptRoot '../out/Deid/Deid.psd1'),
    [int]$Rows = 1000000,
    [int]$Files = 20,
    [switch]$Compare
)
$ErrorActionPreference = 'Stop'
$root = Join-Path ([IO.Path]::GetTempPath()) ('deid-cwbench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory $root | Out-Null
try {
    $crosswalk = Join-Path $root 'crosswalk.csv'
    $writer = [IO.StreamWriter]::new($crosswalk)
    $writer.Write("Field,Original,Replacement`n")
    $random = [Random]::new(1)
    for ($i = 0; $i -lt $Rows; $i++) { $writer.Write("SOPInstanceUID,1.2.826.0.1.3680043.$i.$($i * 7),2.25.$($random.NextInt64())$($random.NextInt64())`n") }
    $writer.Dispose()
    $pwsh = [Environment]::ProcessPath
    [string[]]$arguments = if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    & $pwsh @arguments -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; `$null = New-DicomSample -Path '$root/in' -Modality CT -Count $Files -Seed 3"
    $runs = if ($Compare) { @("-CrosswalkPath '$crosswalk'", '') } else { @("-CrosswalkPath '$crosswalk'") }
    foreach ($extra in $runs) {
        Remove-Item "$root/out" -Recurse -Force -ErrorAction SilentlyContinue
        $script = "Import-Module '$ModulePath'; " +
            "`$t = Measure-Command { Invoke-DeidReplace -Path '$root/in/*.dcm' -Recipe dicom -OutputFolder '$root/out' $extra -WarningAction SilentlyContinue }; " +
            "'replace: {0:0.00} s' -f `$t.TotalSeconds"
        $output = & /usr/bin/time -v $pwsh @arguments -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" }
        $replace = $output | Where-Object { $_ -like 'replace:*' }
        if (-not $replace) { $output | Select-Object -First 20 | Write-Host }
        $rss = ($output | Where-Object { $_ -match 'Maximum resident set size' }) -replace '\D', ''
        if ($extra) {
            $after = [IO.File]::ReadLines($crosswalk) | Measure-Object | ForEach-Object Count
            '{0:N0} rows ({1:N0} MB) + {2} files: {3}; peak RSS {4:N0} MB; {5:N0} lines after' -f $Rows, ((Get-Item $crosswalk).Length / 1MB), $Files, $replace, ([long]$rss / 1024), $after
        }
        else {
            'the same {0} files without -CrosswalkPath: {1}; peak RSS {2:N0} MB' -f $Files, $replace, ([long]$rss / 1024)
        }
    }
}
finally {
    Remove-Item $root -Recurse -Force -ErrorAction SilentlyContinue
}

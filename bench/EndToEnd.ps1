<#
.SYNOPSIS
    End-to-end throughput, CPU and memory, beside `cp` and gdcmanon on the same files in the same run. Called by
    `dotnet pwsh ./build.ps1 Bench`.
.DESCRIPTION
    Corpora: deid's seven cookie files (JPEG, 2048x1536 RGB) copied x30 (210 files) and x300 (2100 files) into a temporary
    folder (hard links; -Copies 30,300,1000 adds a 7000-file corpus to check that memory stays flat), and -SmallCount
    small CT files from New-DicomSample -Modality CT -Seed 1 (2000 by default, issue 14's second corpus). Every measurement
    is a whole process run under /usr/bin/time (wall time, user+sys CPU, peak RSS): cp -r, gdcmanon's basic profile
    (-e with a throwaway self-signed certificate), pwsh doing nothing (-Command 1), pwsh only importing the module, the codec
    alone (bench/Deid.Benchmarks commands) and the cmdlets in a fresh pwsh. Each runs -Repeat times (default 3; the start-up
    and import rows at least 3) and the table shows the medians, with the range of the in-process rates. "ours CPU ms/file"
    is the pwsh row's CPU less that of the start-up row of the same corpus, per file. Then the pixel rows, a synthetic 2 GB
    multi-frame file, -LargeHeaderCount files with 12 MB headers (their peak RSS), and a closing summary against issue 14's targets (met / not met; a miss never fails the script).
    -Quick: one run of each row, the cookies x300 (or the -Copies given) and the small CT corpus only, no pixel, 2 GB or large
    header rows (a few minutes). Outputs go to /dev/shm unless -OutputRoot says otherwise; docs/benchmarks.md explains the columns.
#>
param(
    [Parameter(Mandatory)][string]$ModulePath,
    # Copies of the seven cookies per corpus; "30,300" is accepted too (build.ps1 passes it through -File as one string).
    [string[]]$Copies = @('30', '300'),
    # Small CT files written by New-DicomSample; 0 leaves that corpus out.
    [int]$SmallCount = 2000,
    [int]$LargeMegabytes = 2048,
    # Files whose headers hold 3,000 RT contours (about 12 MB each): the reading cmdlets' memory must not grow with them.
    [int]$LargeHeaderCount = 100,
    # Runs of each corpus measurement; the table shows the median (the 2 GB file and the cine run once).
    [int]$Repeat = 3,
    [switch]$Quick,
    # Where every measured command writes its output. By default a tmpfs (/dev/shm) when there is one with room: this
    # machine's ext4 has no journal, and then it looks past every inode freed in the last minute or so for each new one,
    # so a run that followed the deletion of the previous run's 2,000 outputs spent up to 2.8 s more system time than on
    # tmpfs, whatever the writer (docs/benchmarks.md). -OutputRoot /tmp (or any folder) measures the disk instead.
    [string]$OutputRoot,
    # Also write both tables (every row, and the targets) as markdown to this file, e.g. for docs/benchmarks.md.
    [string]$MarkdownPath
)
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
[int[]]$Copies = $Copies -split ',' | ForEach-Object { [int]$_ }
if ($Quick) {
    $Repeat = 1
    $LargeMegabytes = 0
    $LargeHeaderCount = 0
    if (-not $PSBoundParameters.ContainsKey('Copies')) { $Copies = @(300) }
}
$root = Split-Path $PSScriptRoot -Parent
$cookies = Join-Path $root '../shared/data/deid-data/dicom-cookies'
if (-not (Test-Path $cookies)) { throw "The cookie corpus is expected at $cookies (../shared beside the repository)." }
foreach ($tool in '/usr/bin/time', 'gdcmanon', 'openssl') {
    if (-not (Get-Command $tool -ErrorAction SilentlyContinue)) { throw "$tool is needed (apt-get install time libgdcm-tools openssl)." }
}
. (Join-Path $PSScriptRoot 'EndToEnd.Measure.ps1')
. (Join-Path $PSScriptRoot 'EndToEnd.Summary.ps1')
. (Join-Path $PSScriptRoot 'EndToEnd.Pixels.ps1')
$bench = Join-Path $root 'bench/Deid.Benchmarks'
& dotnet build $bench -c Release --nologo -v q -clp:ErrorsOnly
if ($LASTEXITCODE -ne 0) { throw 'bench build failed' }
$benchDll = Join-Path $bench 'bin/Release/net10.0/Deid.Benchmarks.dll'
$runId = [guid]::NewGuid().ToString('N').Substring(0, 8)
$work = Join-Path ([IO.Path]::GetTempPath()) "deid-bench-$runId"
New-Item -ItemType Directory -Path $work | Out-Null
if (-not $OutputRoot) {
    $shm = '/dev/shm'
    $OutputRoot = if ((Test-Path $shm) -and ([IO.DriveInfo]::new($shm)).AvailableFreeSpace -gt 8GB) { $shm } else { [IO.Path]::GetTempPath() }
}
$outs = Join-Path $OutputRoot "deid-bench-out-$runId"
New-Item -ItemType Directory -Path $outs | Out-Null
Write-Host "Outputs are written under $outs" -ForegroundColor Cyan
$results = [System.Collections.Generic.List[object]]::new()
$recipe = Join-Path $root 'recipes/deid.dicom'
$script:startupCpu = $null
# The start-up and import rows are cheap and every "ours CPU ms/file" subtracts the first: never a single run.
$baseRuns = [math]::Max($Repeat, 3)

function Measure-Corpus {
    # The same rows for every corpus: the floors (pwsh start-up, Import-Module), cp and gdcmanon beside us, the codec and
    # engine alone, and the cmdlets whichever way the files arrive.
    param([string]$Corpus, [string]$Label)
    $tag = $Label -replace '[^A-Za-z0-9]', ''
    Write-Host "== Corpus: $((Get-ChildItem $Corpus).Count) files ($Label)" -ForegroundColor Cyan
    # Warm the page cache so every run reads from memory, as cp does after the first.
    Get-ChildItem $Corpus | ForEach-Object { [IO.File]::ReadAllBytes($_.FullName) | Out-Null }
    $count = "if (`$n -ne (Get-ChildItem '$Corpus').Count) { exit 1 }"
    # The floor of every pwsh row: a pwsh process that does nothing (files/s = the best any module could reach); its CPU is
    # what "ours CPU ms/file" subtracts. Then the module imported and nothing else (timed inside: the Import-Module target).
    Measure-Process "pwsh: start-up alone (-Command 1), $Label" $Corpus @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command', '1') -Times $baseRuns -Kind startup -CorpusName $Label
    Measure-Process "pwsh: Import-Module alone, $Label" $Corpus @('dotnet', 'pwsh', '-NoProfile', '-NonInteractive', '-Command',
        "`$sw = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$ModulePath'; 'seconds=' + `$sw.Elapsed.TotalSeconds.ToString([cultureinfo]::InvariantCulture)") -Times $baseRuns -Kind import -CorpusName $Label
    Measure-Process "cp -r, $Label" $Corpus @('cp', '-r', $Corpus, (Join-Path $outs "cp-$tag")) -Output (Join-Path $outs "cp-$tag") -Kind cp -CorpusName $Label
    # gdcmanon's PS3.15 basic profile (-e): it encrypts the original attributes for the certificate's holder, so it needs one.
    Measure-Process "gdcmanon -e (basic profile), $Label" $Corpus @('gdcmanon', '-e', '--continue', '-c', $certificate, '-i', $Corpus, '-o', (Join-Path $outs "gdcm-$tag")) -Output (Join-Path $outs "gdcm-$tag") -Kind gdcmanon -CorpusName $Label
    Measure-Process "codec: header-only parse, $Label" $Corpus @('dotnet', $benchDll, 'headers', $Corpus) -Kind codec-headers -CorpusName $Label
    Measure-Process "codec: read + write unmodified, $Label" $Corpus @('dotnet', $benchDll, 'copy', $Corpus, (Join-Path $outs "copy-$tag")) -Output (Join-Path $outs "copy-$tag") -Kind codec-copy -CorpusName $Label
    Measure-Process "engine: replace, default recipe, $Label" $Corpus @('dotnet', $benchDll, 'replace', $Corpus, (Join-Path $outs "engine-$tag"), $recipe) -Output (Join-Path $outs "engine-$tag") -Kind engine -CorpusName $Label
    # PowerShell's own share of the reading rows below: the same pipelines with no command of ours, timed the same way after
    # Import-Module. A fresh pwsh compiles its pipeline machinery on the first one (about 90 ms for the 2,100 cookie paths).
    Measure-Process "pwsh: EnumerateFiles | Measure-Object (no module work), $Label" $Corpus (Get-PwshCommand "`$n = ([IO.Directory]::EnumerateFiles('$Corpus') | Measure-Object).Count" $count) -Kind pipeline-enum -CorpusName $Label
    Measure-Process "pwsh: Get-ChildItem | Measure-Object (no module work), $Label" $Corpus (Get-PwshCommand "`$n = (Get-ChildItem '$Corpus' | Measure-Object).Count" $count) -Kind pipeline-gci -CorpusName $Label
    Measure-Process "pwsh: Get-ChildItem | Get-DicomIdentifier, $Label" $Corpus (Get-PwshCommand "`$n = (Get-ChildItem '$Corpus' | Get-DicomIdentifier | Measure-Object).Count" $count) -Kind identifier -CorpusName $Label
    # The same with paths streamed from .NET: each string binds -Path on its own (FileResolver takes absolute, normalised
    # paths of existing files as they are, without PowerShell's globber).
    Measure-Process "pwsh: EnumerateFiles | Get-DicomIdentifier, $Label" $Corpus (Get-PwshCommand "`$n = ([IO.Directory]::EnumerateFiles('$Corpus') | Get-DicomIdentifier | Measure-Object).Count" $count) -Kind identifier-enum -CorpusName $Label
    # Invoke-DeidReplace with the default recipe, the three ways the files arrive: Get-ChildItem keeps every FileInfo of the
    # folder, with the notes PowerShell adds to each one it emits, until it ends (about 1.8 KB a file), and -Path holds as much
    # while its wildcard is expanded; the stream from .NET holds nothing.
    $replace = "-Recipe dicom -OutputFolder '$outs/pwsh-$tag' -WarningAction SilentlyContinue"
    Measure-Process "pwsh: Get-ChildItem | Invoke-DeidReplace, $Label" $Corpus (Get-PwshCommand "Get-ChildItem '$Corpus' | Invoke-DeidReplace $replace") -Output (Join-Path $outs "pwsh-$tag") -Kind replace-gci -CorpusName $Label
    Measure-Process "pwsh: Invoke-DeidReplace -Path dir/*, $Label" $Corpus (Get-PwshCommand "Invoke-DeidReplace -Path '$(Join-Path $Corpus '*')' $replace") -Output (Join-Path $outs "pwsh-$tag") -Kind replace-path -CorpusName $Label
    Measure-Process "pwsh: EnumerateFiles | Invoke-DeidReplace, $Label" $Corpus (Get-PwshCommand "[IO.Directory]::EnumerateFiles('$Corpus') | Invoke-DeidReplace $replace") -Output (Join-Path $outs "pwsh-$tag") -Kind replace-enum -CorpusName $Label
    # A runbook's other shape: one call per file, each a command of its own (binding, recipe, a batch). For information, not
    # against the targets; left out of corpora of thousands (at about 6 ms a call it would take the bench's minutes).
    if ((Get-ChildItem $Corpus).Count -le 2500) {
        Measure-Process "pwsh: foreach { Invoke-DeidReplace -LiteralPath } (one call a file), $Label" $Corpus (Get-PwshCommand "foreach (`$f in [IO.Directory]::GetFiles('$Corpus')) { Invoke-DeidReplace -LiteralPath `$f $replace }") -Output (Join-Path $outs "pwsh-$tag") -Kind replace-loop -CorpusName $Label
    }
    # Burned-pixel detection reads headers only.
    Measure-Process "pwsh: EnumerateFiles | Test-DicomBurnedPixel -Recipe dicom, $Label" $Corpus (Get-PwshCommand "`$n = ([IO.Directory]::EnumerateFiles('$Corpus') | Test-DicomBurnedPixel -Recipe dicom -WarningAction SilentlyContinue | Measure-Object).Count" $count) -Kind burned -CorpusName $Label
    # For information, not against the targets: the same two rows in a pwsh started with DOTNET_TieredPGO=0, the setting
    # docs/scale-out.md recommends for long runs (the module cannot set it). "ours" still subtracts the default start-up.
    $env:DOTNET_TieredPGO = '0'
    try {
        Measure-Process "pwsh, DOTNET_TieredPGO=0: EnumerateFiles | Get-DicomIdentifier, $Label" $Corpus (Get-PwshCommand "`$n = ([IO.Directory]::EnumerateFiles('$Corpus') | Get-DicomIdentifier | Measure-Object).Count" $count) -Kind identifier-enum-pgo0 -CorpusName $Label
        Measure-Process "pwsh, DOTNET_TieredPGO=0: EnumerateFiles | Invoke-DeidReplace, $Label" $Corpus (Get-PwshCommand "[IO.Directory]::EnumerateFiles('$Corpus') | Invoke-DeidReplace $replace") -Output (Join-Path $outs "pwsh-$tag") -Kind replace-enum-pgo0 -CorpusName $Label
    }
    finally {
        Remove-Item Env:DOTNET_TieredPGO -ErrorAction SilentlyContinue
    }
}

try {
    # A throwaway self-signed certificate for gdcmanon -e (its key is never used: nothing is re-identified).
    $certificate = Join-Path $work 'gdcmanon-cert.pem'
    & openssl req -x509 -newkey rsa:2048 -nodes -keyout (Join-Path $work 'gdcmanon-key.pem') -out $certificate -days 1 -subj '/CN=deid-bench' 2>&1 | Out-Null
    if ($LASTEXITCODE -ne 0) { throw 'openssl could not make the certificate gdcmanon -e needs' }
    $cookieCorpora = [ordered]@{}
    foreach ($n in $Copies) {
        $corpus = Join-Path $work "corpus-$n"
        New-Item -ItemType Directory -Path $corpus | Out-Null
        $sources = Get-ChildItem $cookies -Filter *.dcm
        foreach ($i in 1..$n) {
            foreach ($f in $sources) {
                # Hard links when the file system allows (the inputs are only read): a x1000 corpus is then made in seconds.
                $target = Join-Path $corpus ("{0:D4}-{1}" -f $i, $f.Name)
                try { New-Item -ItemType HardLink -Path $target -Target $f.FullName -ErrorAction Stop | Out-Null } catch { Copy-Item $f.FullName $target }
            }
        }
        $cookieCorpora["cookies x$n"] = $corpus
        Measure-Corpus $corpus "cookies x$n"
    }
    $smallLabel = $null
    if ($SmallCount -gt 0) {
        $small = Join-Path $work "ct-$SmallCount"
        & dotnet pwsh -NoProfile -NonInteractive -Command "Import-Module '$ModulePath'; New-DicomSample -Path '$small' -Count $SmallCount -Modality CT -Seed 1 | Out-Null"
        if ($LASTEXITCODE -ne 0) { throw 'New-DicomSample failed' }
        $smallLabel = "small CT x$SmallCount"
        Measure-Corpus $small $smallLabel
    }

    if (-not $Quick) {
        $first = @($cookieCorpora.Keys)[0]
        Measure-PixelRow -FirstCorpus $(if ($first) { $cookieCorpora[$first] }) -FirstCopies $(if ($first) { $Copies[0] } else { 0 })
    }

    if ($LargeMegabytes -gt 0) {
        $large = Join-Path $work 'large'
        New-Item -ItemType Directory -Path $large | Out-Null
        Write-Host "== A synthetic $LargeMegabytes MB multi-frame file" -ForegroundColor Cyan
        & dotnet $benchDll make-large (Join-Path $large 'multiframe.dcm') $LargeMegabytes | Out-Null
        Measure-Process "cp ${LargeMegabytes} MB file" $large @('cp', (Join-Path $large 'multiframe.dcm'), (Join-Path $outs 'large-cp.dcm')) -Output (Join-Path $outs 'large-cp.dcm') -Times 1
        Measure-Process "codec: header-only parse ${LargeMegabytes} MB file" $large @('dotnet', $benchDll, 'headers', $large) -Times 1
        Measure-Process "codec: read + write ${LargeMegabytes} MB file" $large @('dotnet', $benchDll, 'copy', $large, (Join-Path $outs 'large-copy')) -Output (Join-Path $outs 'large-copy') -Times 1

        # A deflated one, under the reader's inflate limit (512 MiB): its Pixel Data stays in the file, inflated again when
        # read and written, so the peak RSS of these rows is the header's, as for any other file (it was twice the inflated size).
        $deflatedMegabytes = [math]::Min($LargeMegabytes, 384)
        $deflated = Join-Path $work 'large-deflated'
        New-Item -ItemType Directory -Path $deflated | Out-Null
        & dotnet $benchDll make-large (Join-Path $deflated 'multiframe.dcm') $deflatedMegabytes deflated | Out-Null
        $label = "deflated ${deflatedMegabytes} MB file"
        Measure-Process "pwsh: EnumerateFiles | Get-DicomIdentifier, $label" $deflated (Get-PwshCommand "`$n = ([IO.Directory]::EnumerateFiles('$deflated') | Get-DicomIdentifier | Measure-Object).Count" "if (`$n -ne 1) { exit 1 }") -Times 1 -Kind identifier-enum -CorpusName $label
        Measure-Process "pwsh: Invoke-DeidReplace -Path dir/*, $label" $deflated (Get-PwshCommand "Invoke-DeidReplace -Path '$deflated/*' -Recipe dicom -OutputFolder '$outs/large-deflated' -WarningAction SilentlyContinue") -Output (Join-Path $outs 'large-deflated') -Times 1 -Kind replace-path -CorpusName $label
    }

    if ($LargeHeaderCount -gt 0) {
        # Peak RSS is the row to read: a window of such files used to hold 64 of them (9.1 GB for Get-DicomIdentifier).
        $headers = Join-Path $work 'large-headers'
        Write-Host "== $LargeHeaderCount files with 12 MB headers (3,000 RT contours each)" -ForegroundColor Cyan
        & dotnet $benchDll make-large-headers $headers $LargeHeaderCount 3000 | Out-Null
        $label = "RT headers x$LargeHeaderCount"
        $count = "if (`$n -ne $LargeHeaderCount) { exit 1 }"
        Measure-Process "pwsh: EnumerateFiles | Get-DicomIdentifier, $label" $headers (Get-PwshCommand "`$n = ([IO.Directory]::EnumerateFiles('$headers') | Get-DicomIdentifier | Measure-Object).Count" $count) -Times 1 -CorpusName $label
        Measure-Process "pwsh: EnumerateFiles | Get-DicomDataset -HeaderOnly, $label" $headers (Get-PwshCommand "`$n = ([IO.Directory]::EnumerateFiles('$headers') | Get-DicomDataset -HeaderOnly | Measure-Object).Count" $count) -Times 1 -CorpusName $label
        Measure-Process "pwsh: EnumerateFiles | Invoke-DeidReplace, $label" $headers (Get-PwshCommand "[IO.Directory]::EnumerateFiles('$headers') | Invoke-DeidReplace -Recipe dicom -OutputFolder '$outs/headers' -WarningAction SilentlyContinue") -Output (Join-Path $outs 'headers') -Times 1 -CorpusName $label
    }

    Write-Host "`n== All rows (2 cores; $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC; median of $Repeat; outputs under $OutputRoot)" -ForegroundColor Cyan
    $results | Format-Table (Get-DisplayColumn) -AutoSize | Out-String -Width 250 | Write-Host
    # The issue's corpora: the 2,100 cookies (or the cookie corpus measured nearest to it) and the 7,000 when measured.
    $cookieTarget = @($cookieCorpora.Keys) | Sort-Object { [math]::Abs([int]($_ -replace '\D', '') - 300) } | Select-Object -First 1
    $largeTarget = @($cookieCorpora.Keys) | Where-Object { [int]($_ -replace '\D', '') -ge 1000 } | Select-Object -First 1
    Write-Host "== Against issue 14's targets (a measurement: a miss does not fail the bench)" -ForegroundColor Cyan
    $summary = @(Get-TargetSummary -Rows $results -Cookies $cookieTarget -Large $largeTarget -Small $smallLabel)
    Write-TargetSummary $summary
    if ($MarkdownPath) {
        $heading = "Measured $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC, median of $Repeat, outputs under $OutputRoot"
        @($heading, '', (ConvertTo-MarkdownTable $results (Get-DisplayColumn)), '', (ConvertTo-MarkdownTable $summary @('Target', 'Corpus', 'Measured', 'Goal', 'Result'))) |
            Set-Content -LiteralPath $MarkdownPath
        Write-Host "Markdown tables written to $MarkdownPath"
    }
}
finally {
    Remove-Item $work, $outs -Recurse -Force -ErrorAction SilentlyContinue
}

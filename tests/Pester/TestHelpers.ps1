# Shared by every Pester file: import the built module (build.ps1 sets DEID_MODULE_PATH) and find test data.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModulePath = if ($env:DEID_MODULE_PATH) { $env:DEID_MODULE_PATH } else { Join-Path $script:RepoRoot 'out/Deid/Deid.psd1' }
$script:SharedData = Join-Path $script:RepoRoot '../shared/data'
Import-Module $script:ModulePath -Force

function New-TestFolder {
    $p = Join-Path ([IO.Path]::GetTempPath()) ("deid-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 10))
    New-Item -ItemType Directory -Path $p | Out-Null
    $p
}

# Runs PowerShell arguments in a new process of the same PowerShell as this one (under `dotnet pwsh` that is dotnet plus
# pwsh.dll); returns the exit code and the output as one text.
function Invoke-ChildPowerShell([string[]]$Arguments) {
    $exe = [Environment]::ProcessPath
    $all = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) + $Arguments } else { $Arguments }
    $output = & $exe @all 2>&1 | ForEach-Object { "$_" }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($output -join "`n") }
}

# The warnings a test is about: without Invoke-DeidReplace's once-a-batch notice that a file declaring burned-in annotation
# (as New-DicomSample's files with text in their pixels do) was copied without -CleanPixels.
function Get-OtherWarning($Warnings) { @($Warnings | Where-Object { "$_" -notmatch 'declares burned-in annotation' }) }

# JPEG2000.dcm relabelled JPEG 2000 Part 2 multi-component (1.2.840.10008.1.2.4.93, a UID of the same length): compressed
# pixel data no codec of the module decodes (Part 1 JPEG 2000 itself is decoded). Returns the copy's path.
function New-UndecodableCopy([string]$Folder) {
    $bytes = [IO.File]::ReadAllBytes((Join-Path $script:SharedData 'pydicom/test_files/JPEG2000.dcm'))
    $at = [Text.Encoding]::Latin1.GetString($bytes, 0, 600).IndexOf('1.2.840.10008.1.2.4.91')
    if ($at -lt 0) { throw 'JPEG2000.dcm has no 1.2.840.10008.1.2.4.91 in its file meta' }
    $bytes[$at + 21] = [byte][char]'3'
    New-Item -ItemType Directory -Force -Path $Folder | Out-Null
    $path = Join-Path $Folder 'Part2.dcm'
    [IO.File]::WriteAllBytes($path, $bytes)
    $path
}

# A copy of a native 8-bit greyscale file whose Pixel Data is High-Throughput JPEG 2000 (transfer syntax 1.2.840.10008.1.2.4.201),
# encoded losslessly by OpenJPH's ojph_compress (openjph-tools): what a cloud archive exports.
function New-HtJ2kCopy([string]$Native, [string]$Destination) {
    $file = [Deid.Dicom.DicomFile]::Open($Native)
    $pixels = [Deid.Dicom.NativePixelData]::Open($file.Dataset)
    try { $frame = $pixels.ReadFrame(0); $g = $pixels.Geometry } finally { $pixels.Dispose() }
    if ($g.BitsAllocated -ne 8 -or $g.SamplesPerPixel -ne 1) { throw "New-HtJ2kCopy takes 8-bit greyscale, not $($g.BitsAllocated)-bit x $($g.SamplesPerPixel)" }
    $pgm = "$Destination.pgm"
    $j2c = "$Destination.j2c"
    [IO.File]::WriteAllBytes($pgm, [Text.Encoding]::ASCII.GetBytes("P5`n$($g.Columns) $($g.Rows)`n255`n") + $frame)
    & ojph_compress -i $pgm -o $j2c -reversible true -num_decomps 3 -block_size '{32,32}' | Out-Null
    if ($LASTEXITCODE -ne 0) { throw "ojph_compress failed on $pgm" }
    $codestream = [IO.File]::ReadAllBytes($j2c)
    if ($codestream.Length % 2) { $codestream += [byte]0 }
    $frames = [System.Collections.Generic.List[ReadOnlyMemory[byte]]]::new()
    $frames.Add([ReadOnlyMemory[byte]]::new($codestream))
    [Deid.Dicom.EncapsulatedPixelDataBuilder]::SetPixelData($file.Dataset, [Deid.Dicom.EncapsulatedPixelDataBuilder]::CreateFragments($frames, $false))
    $file.ChangeTransferSyntax([Deid.Dicom.TransferSyntax]::Lookup('1.2.840.10008.1.2.4.201'))
    $file.Save($Destination)
    Remove-Item -LiteralPath $pgm, $j2c
    Get-Item -LiteralPath $Destination
}

# Hostile pixel data at the cmdlet level: files made by byte surgery on ../shared/data (a truncated RLE fragment, a JPEG
# fragment cut short, lying RLE segment offsets, a bad Huffman table, a JPEG-LS frame with a wrong marker, a Number of Frames
# larger than the data, native and RLE) and a JPEG 2000 file. For Clear-DicomPixel and Invoke-DeidReplace -CleanPixels each
# is one non-terminating error naming the file; nothing is written for it (no output, no temporary file left in the output
# folder or the temp folder) and the good files of the same batch are written.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:testFiles = Join-Path $SharedData 'pydicom/test_files'
    $script:haveData = Test-Path (Join-Path $testFiles 'SC_rgb_rle.dcm')
    $script:flagAll = Join-Path $folder 'deid.flagall'
    "FORMAT dicom`n`n%filter blacklist`n`nLABEL Everything`n  present Rows`n  coordinates 0,0,8,8`n" | Set-Content -LiteralPath $flagAll

    $latin1 = [Text.Encoding]::Latin1
    function Find-Bytes([byte[]]$Bytes, [byte[]]$Pattern, [int]$From = 0) {
        $latin1.GetString($Bytes).IndexOf($latin1.GetString($Pattern), $From, [StringComparison]::Ordinal)
    }
    $itemTag = [uint32]'0xE000FFFE' # (FFFE,E000) read as a little endian uint32; a bare 0xE000FFFE literal is a negative int
    function Read-UInt32([byte[]]$Bytes, [int]$At) { [BitConverter]::ToUInt32($Bytes, $At) }
    function Write-UInt32([byte[]]$Bytes, [int]$At, [uint32]$Value) { [BitConverter]::GetBytes($Value).CopyTo($Bytes, $At) }
    # Offsets of the fragment items of encapsulated Pixel Data (explicit VR little endian, OB, undefined length): the
    # item header of each fragment after the Basic Offset Table.
    function Get-Fragments([byte[]]$Bytes) {
        # Pixel Data (OB or OW) of undefined length followed by its first item.
        $at = Find-Bytes $Bytes ([byte[]](0xE0, 0x7F, 0x10, 0x00))
        while ($at -ge 0 -and -not ((Read-UInt32 $Bytes ($at + 8)) -eq [uint32]::MaxValue -and (Read-UInt32 $Bytes ($at + 12)) -eq $itemTag)) {
            $at = Find-Bytes $Bytes ([byte[]](0xE0, 0x7F, 0x10, 0x00)) ($at + 1)
        }
        $at | Should -BeGreaterThan 0
        $item = $at + 12
        $item += 8 + (Read-UInt32 $Bytes ($item + 4)) # the Basic Offset Table
        $items = @()
        while ((Read-UInt32 $Bytes $item) -eq $itemTag) {
            $items += $item
            $item += 8 + (Read-UInt32 $Bytes ($item + 4))
        }
        , $items
    }
    function Set-NumberOfFrames([byte[]]$Bytes, [string]$Value) {
        $at = Find-Bytes $Bytes ([byte[]](0x28, 0x00, 0x08, 0x00))
        $explicit = $latin1.GetString($Bytes, $at + 4, 2) -eq 'IS'
        $length = if ($explicit) { [BitConverter]::ToUInt16($Bytes, $at + 6) } else { Read-UInt32 $Bytes ($at + 4) }
        $encoded = $latin1.GetBytes($Value.PadRight($length))
        $encoded.CopyTo($Bytes, $at + 8) # explicit: tag, VR, 2-byte length; implicit: tag, 4-byte length
    }
    function Copy-Hostile([string]$Source, [string]$Name, [scriptblock]$Surgery) {
        $bytes = [IO.File]::ReadAllBytes((Join-Path $testFiles $Source))
        $bytes = & $Surgery $bytes
        $path = Join-Path $script:inDir $Name
        [IO.File]::WriteAllBytes($path, $bytes)
        Get-Item $path
    }

    if ($haveData) {
        $script:inDir = Join-Path $folder 'in'
        New-Item -ItemType Directory -Path $inDir | Out-Null
        $script:hostile = @(
            # The second fragment runs past the end of the file, as a broken transfer leaves it.
            Copy-Hostile 'SC_rgb_rle_2frame.dcm' 'truncated-rle.dcm' { param($b) $f = Get-Fragments $b; , $b[0..($f[1] + 40)] }
            # A well-formed file whose JPEG fragment holds only the first half of the codestream.
            Copy-Hostile 'SC_rgb_jpeg_dcmtk.dcm' 'truncated-jpeg.dcm' { param($b)
                $f = (Get-Fragments $b)[0]
                $half = [uint32]([math]::Floor((Read-UInt32 $b ($f + 4)) / 4) * 2)
                Write-UInt32 $b ($f + 4) $half
                , ([byte[]]($b[0..($f + 7 + $half)] + [byte[]](0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0))) }
            # The RLE header says the second segment starts 16 MiB into a fragment of a few hundred bytes.
            Copy-Hostile 'SC_rgb_rle.dcm' 'lying-rle-offsets.dcm' { param($b) $f = (Get-Fragments $b)[0]; Write-UInt32 $b ($f + 8 + 8) 0x00FFFFF0; , $b }
            # Huffman code counts that overflow the code space.
            Copy-Hostile 'SC_rgb_jpeg_dcmtk.dcm' 'bad-huffman.dcm' { param($b)
                $dht = Find-Bytes $b ([byte[]](0xFF, 0xC4)) (Get-Fragments $b)[0]
                for ($i = $dht + 5; $i -lt $dht + 21; $i++) { $b[$i] = 0xFF }
                , $b }
            # The JPEG-LS start of frame (FFF7) replaced by a marker T.87 does not define.
            Copy-Hostile 'MR_small_jpeg_ls_lossless.dcm' 'jpegls-bad-marker.dcm' { param($b)
                $sof = Find-Bytes $b ([byte[]](0xFF, 0xF7)) (Get-Fragments $b)[0]
                $b[$sof + 1] = 0xF0
                , $b }
            # More frames declared than the data holds: RLE (2 fragments) and native (15 frames of 400 bytes).
            Copy-Hostile 'SC_rgb_rle_2frame.dcm' 'frames-rle.dcm' { param($b) Set-NumberOfFrames $b '9'; , $b }
            Copy-Hostile 'rtdose.dcm' 'frames-native.dcm' { param($b) Set-NumberOfFrames $b '99'; , $b }
            # A compressed syntax no codec here decodes: JPEG2000.dcm relabelled JPEG 2000 Part 2 (4.91 -> 4.93, same length).
            Copy-Hostile 'JPEG2000.dcm' 'jpeg2000.dcm' { param($b)
                $at = Find-Bytes $b ([Text.Encoding]::ASCII.GetBytes('1.2.840.10008.1.2.4.91'))
                $b[$at + 21] = [byte][char]'3'
                , $b }
        )
        $script:good = @(
            Copy-Hostile 'SC_rgb_rle.dcm' 'good-rle.dcm' { param($b) , $b }
            Copy-Hostile 'rtdose.dcm' 'good-native.dcm' { param($b) , $b }
        )
    }

    # Runs a cleaning command (which passes -ErrorAction Continue: build.ps1 runs Pester under 'Stop', and the errors must
    # stay non-terminating to be counted) with the temp folder redirected, and returns what it wrote, its errors and the temp folder's leftovers.
    function Invoke-Hostile([scriptblock]$Command, [string]$Out) {
        $tmp = Join-Path $folder ('tmp-' + [guid]::NewGuid().ToString('N').Substring(0, 6))
        New-Item -ItemType Directory -Path $tmp | Out-Null
        $saved = $env:TMPDIR
        $env:TMPDIR = $tmp
        try {
            $all = @(& $Command 2>&1)
        }
        finally {
            $env:TMPDIR = $saved
        }
        [pscustomobject]@{
            Result   = @($all | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] })
            Errors   = @($all | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
            Written  = @(Get-ChildItem -LiteralPath $Out -Recurse -Force -File -ErrorAction SilentlyContinue | ForEach-Object Name | Sort-Object)
            TempLeft = @(Get-ChildItem -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue)
        }
    }

    function Assert-Hostile($Run) {
        $Run.Errors.Count | Should -Be $hostile.Count -Because (($Run.Errors | ForEach-Object { "$_" }) -join "`n")
        foreach ($h in $hostile) {
            # The message itself names the file (not only the error's target), so a log line says which file is broken.
            $e = @($Run.Errors | Where-Object { "$_" -match [regex]::Escape($h.Name) })
            $e.Count | Should -Be 1 -Because "one error must name $($h.Name); the errors: $(($Run.Errors | ForEach-Object { "$_" }) -join ' | ')"
            $e[0].CategoryInfo.Category | Should -Not -Be 'NotSpecified' -Because "$($e[0])"
        }
        # Only the good files were written: nothing half-cleaned, no partial or temporary file beside them or in the temp folder.
        $Run.Written | Should -Be @($good.Name | Sort-Object)
        $Run.TempLeft.Count | Should -Be 0 -Because ($Run.TempLeft.Name -join ', ')
    }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Hostile pixel data' {
    BeforeEach {
        if (-not $haveData) { Set-ItResult -Inconclusive -Because '../shared is not beside the repository' }
    }

    It 'the untouched sources clean (so each error below comes from the surgery)' {
        $out = Join-Path $folder 'untouched'
        $sources = 'SC_rgb_rle_2frame.dcm', 'SC_rgb_jpeg_dcmtk.dcm', 'SC_rgb_rle.dcm', 'MR_small_jpeg_ls_lossless.dcm', 'rtdose.dcm' |
            ForEach-Object { Get-Item (Join-Path $testFiles $_) }
        $r = @($sources | Clear-DicomPixel -Recipe $flagAll -OutputFolder $out -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -Be 0 -Because (($errs | ForEach-Object { "$_" }) -join "`n")
        @($r | Where-Object Written).Count | Should -Be 5
    }

    It 'Clear-DicomPixel: one error per hostile file naming it, nothing written for it, the good files written' {
        $out = Join-Path $folder 'clear'
        $run = Invoke-Hostile { @($hostile + $good) | Clear-DicomPixel -Recipe $flagAll -OutputFolder $out -PassThru -ErrorAction Continue } $out
        Assert-Hostile $run
        @($run.Result | Where-Object Written).Count | Should -Be $good.Count
    }

    It 'Invoke-DeidReplace -CleanPixels: one error per hostile file naming it, nothing written for it, the good files written' {
        $out = Join-Path $folder 'replace'
        $run = Invoke-Hostile { @($hostile + $good) | Invoke-DeidReplace -Recipe $flagAll -CleanPixels -OutputFolder $out -PassThru -ErrorAction Continue } $out
        Assert-Hostile $run
        $run.Result.Count | Should -Be $good.Count
    }

    It 'says why: the JPEG 2000 Part 2 file cannot be decoded, the frame count exceeds the data' {
        $out = Join-Path $folder 'why'
        $run = Invoke-Hostile { @($hostile) | Clear-DicomPixel -Recipe $flagAll -OutputFolder $out -ErrorAction Continue } $out
        ($run.Errors | Where-Object { "$_" -match 'jpeg2000\.dcm' } | ForEach-Object { "$_" }) | Should -Match 'cannot decode JPEG 2000 Part 2'
        ($run.Errors | Where-Object { "$_" -match 'frames-native\.dcm' } | ForEach-Object { "$_" }) | Should -Match 'fewer than|frame'
    }
}

# Invoke-DeidReplace -CleanPixels: header and burned-in pixels de-identified in one pass and one output file; the regions of the
# recipe's matching filter labels are blank in the output, everything else is as the header recipe leaves it; a flagged file whose
# pixels cannot be decoded is an error and is never written; outputs read back in dcmtk.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:inputs = @(New-DicomSample -Path (Join-Path $folder 'in') -Modality US -Count 3 -Seed 7)
    # A site's own filter for the sample device: its text band is the top 24 rows.
    $script:recipe = Join-Path $folder 'deid.sampler'
    @'
FORMAT dicom

%filter blacklist

LABEL Sampler ultrasound (text band at the top)
  contains ManufacturerModelName SAMPLER US
  coordinates 0,0,128,24

%header

REPLACE PatientName anonymous
REMOVE PatientID
'@ | Set-Content -LiteralPath $recipe

    function Get-Frame([string]$Path) {
        $file = [Deid.Dicom.DicomFile]::Open($Path)
        $pixels = [Deid.Dicom.NativePixelData]::Open($file.Dataset)
        try { [pscustomobject]@{ Bytes = $pixels.ReadFrame(0); Columns = $pixels.Geometry.Columns; Rows = $pixels.Geometry.Rows } } finally { $pixels.Dispose() }
    }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-DeidReplace -CleanPixels' {
    It 'cleans the header and the burned-in band in one output file' {
        $out = Join-Path $folder 'out'
        $results = $inputs | Invoke-DeidReplace -Recipe $recipe -CleanPixels -OutputFolder $out -PassThru
        $results.Count | Should -Be 3
        foreach ($r in $results) {
            $r.PixelsFlagged | Should -BeTrue
            $r.FramesCleaned | Should -Be 1
            $r.Steps.Step | Should -Be @('Header', 'Pixels', 'EmbeddedOverlay', 'Preamble', 'JpegText', 'Record')
            $before = Get-Frame $r.SourcePath
            $after = Get-Frame $r.OutputPath
            $band = 24 * $before.Columns
            # The band held the burned-in text (bright pixels) and is now black; below it nothing changed.
            ($before.Bytes[0..($band - 1)] | Measure-Object -Maximum).Maximum | Should -Be 255
            ($after.Bytes[0..($band - 1)] | Measure-Object -Maximum).Maximum | Should -Be 0
            [Linq.Enumerable]::SequenceEqual([byte[]]$before.Bytes[$band..($before.Bytes.Length - 1)], [byte[]]$after.Bytes[$band..($after.Bytes.Length - 1)]) | Should -BeTrue
            $ds = Get-DicomDataset -LiteralPath $r.OutputPath
            $ds.PatientName | Should -Be 'anonymous'
            $ds.PatientID | Should -BeNullOrEmpty
        }
    }

    It 'records Clean Pixel Data (113101) beside the profile codes when a profile recipe cleaned the pixels' {
        $out = Join-Path $folder 'recorded'
        $profileRecipe = Join-Path $folder 'deid.profile-sampler'
        # The site's filter, then the shipped Basic Profile with the Clean Descriptors Option (which declares the profile).
        ((Get-Content -Raw -LiteralPath $recipe) -replace '(?s)%header.*$', '') + (Get-Content -Raw -LiteralPath (Join-Path (Split-Path (Get-Module Deid).Path) 'recipes' 'deid.dicom.basic-profile.clean-descriptors')).Replace('FORMAT dicom', '') |
            Set-Content -LiteralPath $profileRecipe
        $r = $inputs[0] | Invoke-DeidReplace -Recipe $profileRecipe -CleanPixels -OutputFolder $out -PassThru
        $r.FramesCleaned | Should -Be 1
        $file = [Deid.Dicom.DicomFile]::Open($r.OutputPath)
        $codes = foreach ($item in $file.Dataset.GetSequence([Deid.Dicom.DicomTag]::Parse('(0012,0064)'))) { $item.GetString([Deid.Dicom.DicomTag]::Parse('(0008,0100)')) }
        $codes | Should -Be @('113100', '113101', '113105')
        $file.Dataset.GetString([Deid.Dicom.DicomTag]::Parse('(0012,0063)')) | Should -Be 'Basic Application Confidentiality Profile\Clean Descriptors Option\Clean Pixel Data Option'
        $file.Dataset.GetString([Deid.Dicom.DicomTag]::Parse('(0012,0062)')) | Should -Be 'YES'
    }

    It 'leaves the pixels of files no label flags as they were' {
        $out = Join-Path $folder 'unflagged'
        $ct = New-DicomSample -Path (Join-Path $folder 'ct') -Modality CT -Count 1 -Seed 3
        $r = Invoke-DeidReplace -LiteralPath $ct.FullName -Recipe $recipe -CleanPixels -OutputFolder $out -PassThru
        $r.PixelsFlagged | Should -BeFalse
        $r.FramesCleaned | Should -Be 0
        [Linq.Enumerable]::SequenceEqual([byte[]](Get-Frame $ct.FullName).Bytes, [byte[]](Get-Frame $r.OutputPath).Bytes) | Should -BeTrue
    }

    It 'stores cleaned pixels as RLE with -Compression Rle, readable by dcmtk' {
        $out = Join-Path $folder 'rle'
        $r = $inputs[0] | Invoke-DeidReplace -Recipe $recipe -CleanPixels -Compression Rle -OutputFolder $out -PassThru
        $r.FramesCleaned | Should -Be 1
        [Deid.Dicom.DicomFile]::Open($r.OutputPath).TransferSyntax.Uid | Should -Be '1.2.840.10008.1.2.5'
        $plain = Join-Path $folder 'rle-plain.dcm'
        & dcmdrle $r.OutputPath $plain 2>&1 | Out-Null
        $LASTEXITCODE | Should -Be 0
        $band = 24 * (Get-Frame $plain).Columns
        ((Get-Frame $plain).Bytes[0..($band - 1)] | Measure-Object -Maximum).Maximum | Should -Be 0
    }

    It 'writes output dcmdump reads without warnings' {
        $out = Join-Path $folder 'dcmdump'
        $r = $inputs[1] | Invoke-DeidReplace -Recipe $recipe -CleanPixels -OutputFolder $out -PassThru
        $text = & dcmdump $r.OutputPath 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0
        $text | Should -Not -Match '(?m)^(W|E):'
    }

    It 'cleans lossless JPEG 2000 files (<name>): written uncompressed, the region blank, the rest as openjpeg decodes it, read back by dcmtk' -ForEach @(
        @{ name = 'MR_small_jp2klossless.dcm'; photometric = 'MONOCHROME2' }
        @{ name = 'GDCMJ2K_TextGBR.dcm'; photometric = 'RGB' }
    ) {
        $source = Join-Path $SharedData "pydicom/test_files/$name"
        $corner = Join-Path $folder 'deid.corner'
        "FORMAT dicom`n`n%filter blacklist`n`nLABEL Corner`n  present Rows`n  coordinates 0,0,40,20`n" | Set-Content -LiteralPath $corner
        $out = Join-Path $folder 'j2k-clean'
        $r = Get-Item $source | Invoke-DeidReplace -Recipe $corner -CleanPixels -OutputFolder $out -PassThru -Force
        $r.PixelsFlagged | Should -BeTrue
        $r.FramesCleaned | Should -Be 1
        $written = Get-DicomDataset -LiteralPath $r.OutputPath
        $written.TransferSyntax.Uid | Should -Be '1.2.840.10008.1.2.1'
        $written.PhotometricInterpretation | Should -Be $photometric
        (& dcmdump $r.OutputPath 2>&1 | Out-String) | Should -Not -Match '(?m)^(W|E):'
        # openjpeg's decode of the source (gdcmconv --raw), with the corner blanked, is what was written.
        $reference = Join-Path $folder "ref-$name"
        & gdcmconv --raw $source $reference
        $LASTEXITCODE | Should -Be 0
        $ours = Get-Frame $r.OutputPath
        $theirs = Get-Frame $reference
        $samples = $ours.Bytes.Length / ($ours.Columns * $ours.Rows)
        for ($y = 0; $y -lt 20; $y++) {
            for ($i = 0; $i -lt 40 * $samples; $i++) { $theirs.Bytes[($y * $ours.Columns * $samples) + $i] = 0 }
        }
        [Linq.Enumerable]::SequenceEqual([byte[]]$ours.Bytes, [byte[]]$theirs.Bytes) | Should -BeTrue
    }

    It 'cleans High-Throughput JPEG 2000 copies of the samples: the band blank, the rest the original samples, read back by dcmtk' {
        $htFolder = Join-Path $folder 'htj2k-in'
        New-Item -ItemType Directory -Path $htFolder -Force | Out-Null
        $copies = foreach ($i in $inputs) { New-HtJ2kCopy $i.FullName (Join-Path $htFolder $i.Name) }
        (Get-DicomDataset -LiteralPath $copies[0].FullName -HeaderOnly).TransferSyntax.Uid | Should -Be '1.2.840.10008.1.2.4.201'
        $out = Join-Path $folder 'htj2k-out'
        $results = $copies | Invoke-DeidReplace -Recipe $recipe -CleanPixels -OutputFolder $out -PassThru
        @($results).Count | Should -Be 3
        for ($k = 0; $k -lt 3; $k++) {
            $r = $results[$k]
            $r.FramesCleaned | Should -Be 1
            (Get-DicomDataset -LiteralPath $r.OutputPath -HeaderOnly).TransferSyntax.Uid | Should -Be '1.2.840.10008.1.2.1'
            (& dcmdump $r.OutputPath 2>&1 | Out-String) | Should -Not -Match '(?m)^(W|E):'
            $before = Get-Frame $inputs[$k].FullName
            $after = Get-Frame $r.OutputPath
            $band = 24 * $before.Columns
            ($after.Bytes[0..($band - 1)] | Measure-Object -Maximum).Maximum | Should -Be 0
            [Linq.Enumerable]::SequenceEqual([byte[]]$before.Bytes[$band..($before.Bytes.Length - 1)], [byte[]]$after.Bytes[$band..($after.Bytes.Length - 1)]) | Should -BeTrue
        }
    }

    It 'says a temporary folder it cannot spool frames in is the problem, not the output folder, and goes on (a fresh pwsh: the spool folder is made once a session)' {
        # QA, 2026-12-06: with TMPDIR on a full disk each file failed with a bare "No space left on device" naming a hidden
        # spool file. A TMPDIR under a file (no folder can be made there) fails the spool the same way.
        $blocker = Join-Path $folder 'tmp-is-a-file'
        'not a folder' | Set-Content -LiteralPath $blocker
        $out = Join-Path $folder 'spool-out'
        $script = "`$env:TMPDIR = '$blocker/'; Import-Module '$ModulePath'; `$e = `$null; Invoke-DeidReplace -LiteralPath '$($inputs[0].FullName)', '$($inputs[1].FullName)' -Recipe '$recipe' -CleanPixels -OutputFolder '$out' -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue; `$e | ForEach-Object { 'ERR|' + `$_.FullyQualifiedErrorId + '|' + `$_.TargetObject + '|' + `$_.Exception.Message + '|' + `$_.ErrorDetails.RecommendedAction }"
        $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        $errors = @($child.Text -split "`n" | Where-Object { $_ -like 'ERR|*' })
        $errors.Count | Should -Be 2 -Because $child.Text
        $first = $errors[0] -split '\|'
        $first[1] | Should -Be 'PixelSpoolFailed,Deid.PowerShell.Commands.InvokeDeidReplaceCommand'
        $first[2] | Should -Be $inputs[0].FullName
        $first[3] | Should -BeLike "The frames being cleaned could not be spooled in '$blocker*' (the temporary folder): *"
        $first[4] | Should -BeLike '*TMPDIR*new PowerShell session*'
        @(Get-ChildItem -LiteralPath $out -Force -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'refuses a flagged file whose labels name no region (no -Ocr): an error naming it and what to do, nothing written, the batch goes on' {
        $noRegion = Join-Path $folder 'deid.noregion'
        "FORMAT dicom`n`n%filter blacklist`n`nLABEL Flagged without a region`n  contains ManufacturerModelName SAMPLER US`n" | Set-Content -LiteralPath $noRegion
        $unflagged = New-DicomSample -Path (Join-Path $folder 'noregion-ct') -Modality CT -Count 1 -Seed 3
        $out = Join-Path $folder 'noregion-out'
        $r = @($inputs[0], $unflagged) | Invoke-DeidReplace -Recipe $noRegion -CleanPixels -OutputFolder $out -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'BurnedTextNotCleaned*'
        "$($errs[0])" | Should -BeLike "*$($inputs[0].Name)*flagged as holding burned-in text (by Flagged without a region)*no matching label names a region*not written*"
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*coordinates*-Ocr*without -CleanPixels*'
        Test-Path (Join-Path $out $inputs[0].Name) | Should -BeFalse
        @($r | Where-Object Written).SourcePath | Should -Be @($unflagged.FullName)
        # Without -CleanPixels the same file is copied, with the burned-in annotation warning: the choice is the user's.
        $copied = $inputs[0] | Invoke-DeidReplace -Recipe $noRegion -OutputFolder (Join-Path $folder 'noregion-copy') -PassThru -WarningAction SilentlyContinue
        $copied.Written | Should -BeTrue
    }

    It 'refuses a flagged file whose regions blank no pixel (<coordinates>), with <command>: the copy would hold the text (QA pixels)' -ForEach @(
        @{ command = 'Invoke-DeidReplace'; coordinates = '30,40,20,10' }
        @{ command = 'Clear-DicomPixel'; coordinates = '0,0,0,0' }
        @{ command = 'Clear-DicomPixel'; coordinates = '5000,5000,6000,6000' }
    ) {
        $empty = Join-Path $folder "deid.empty-$command"
        "FORMAT dicom`n%filter blacklist`nLABEL Reversed`n  contains ManufacturerModelName SAMPLER US`n  coordinates $coordinates`n" | Set-Content -LiteralPath $empty
        $out = Join-Path $folder "empty-out-$command-$($coordinates -replace ',', '_')"
        $w = $null
        if ($command -eq 'Invoke-DeidReplace') { $r = $inputs[0] | Invoke-DeidReplace -Recipe $empty -CleanPixels -OutputFolder $out -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable w -WarningAction SilentlyContinue }
        else { $r = $inputs[0] | Clear-DicomPixel -Recipe $empty -OutputFolder $out -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable w -WarningAction SilentlyContinue }
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'BurnedTextNotCleaned*'
        "$($errs[0])" | Should -BeLike "*none of its regions ($coordinates) covers a pixel of the*image*not written*"
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*Correct the label''s coordinates*'
        @(Get-ChildItem -LiteralPath $out -Recurse -File -ErrorAction SilentlyContinue).Count | Should -Be 0
        # An empty rectangle is said when the recipe loads; one outside this image is not empty, and is not.
        @($w | Where-Object { "$_" -match 'is an empty region' }).Count | Should -Be ([int]($coordinates -ne '5000,5000,6000,6000'))
    }

    It 'refuses a flagged file whose labels name only regions to keep, with <command>, saying so (deid''s test suite against ours)' -ForEach @(
        @{ command = 'Invoke-DeidReplace' }
        @{ command = 'Clear-DicomPixel' }
    ) {
        $keepOnly = Join-Path $folder "deid.keeponly-$command"
        "FORMAT dicom`n%filter blacklist`nLABEL Keep only`n  contains ManufacturerModelName SAMPLER US`n  keepcoordinates 0,0,10,10`n" | Set-Content -LiteralPath $keepOnly
        $out = Join-Path $folder "keeponly-out-$command"
        $w = $null
        if ($command -eq 'Invoke-DeidReplace') {
            $null = $inputs[0] | Invoke-DeidReplace -Recipe $keepOnly -CleanPixels -OutputFolder $out -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -BeLike 'BurnedTextNotCleaned*'
            "$($errs[0])" | Should -BeLike "*(by Keep only)*no matching label names a region to blank*not written*"
            "$($errs[0])" | Should -Not -BeLike '*covers a pixel*'
        }
        else {
            # Clear-DicomPixel says a flagged file without a region to blank as a warning, as it says one without any region.
            $null = $inputs[0] | Clear-DicomPixel -Recipe $keepOnly -OutputFolder $out -ErrorVariable errs -ErrorAction SilentlyContinue -WarningVariable w -WarningAction SilentlyContinue
            $errs.Count | Should -Be 0
            @($w | Where-Object { "$_" -like '*the matching labels name no region to blank; not written*' }).Count | Should -Be 1
        }
        @(Get-ChildItem -LiteralPath $out -Recurse -File -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'writes such a file with a warning when OCR read it and found nothing identifying' {
        $noRegion = Join-Path $folder 'deid.noregion-ct'
        "FORMAT dicom`n`n%filter blacklist`n`nLABEL Any CT`n  contains Modality CT`n" | Set-Content -LiteralPath $noRegion
        # pydicom's CT_small has no text burned in (New-DicomSample's files all have a band of it).
        $ct = Get-Item (Join-Path $SharedData 'pydicom/test_files/CT_small.dcm')
        $r = $ct | Invoke-DeidReplace -Recipe $noRegion -CleanPixels -Ocr -OutputFolder (Join-Path $folder 'noregion-ocr-out') -PassThru -WarningVariable w -WarningAction SilentlyContinue -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -BeNullOrEmpty
        $r.Written | Should -BeTrue
        @($w | Where-Object { "$_" -like '*names no region to blank and OCR found no identifying text*Review*' }).Count | Should -Be 1
    }

    It 'refuses a JPEG 2000 file using what the decoder does not implement (32-bit samples), naming it and recommending a decompression' {
        $j2k = Join-Path $folder 'rtdose-j2k.dcm'
        & gdcmconv --j2k (Join-Path $SharedData 'pydicom/test_files/rtdose.dcm') $j2k
        $LASTEXITCODE | Should -Be 0
        $flagAll = Join-Path $folder 'deid.flagall32'
        "FORMAT dicom`n`n%filter blacklist`n`nLABEL Everything`n  present Rows`n  coordinates all`n" | Set-Content -LiteralPath $flagAll
        $out = Join-Path $folder 'j2k32'
        $r = Get-Item $j2k | Invoke-DeidReplace -Recipe $flagAll -CleanPixels -OutputFolder $out -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 0
        $errs.Count | Should -Be 1
        "$($errs[0])" | Should -Match 'JPEG 2000: component 0 has 32 bits per sample; more than 31 is not supported'
        $errs[0].ErrorDetails.RecommendedAction | Should -Match 'decompress it first'
        Test-Path (Join-Path $out 'rtdose-j2k.dcm') | Should -BeFalse
    }

    It 'does not write a flagged file whose pixels it cannot decode, and goes on with the rest' {
        $flagAll = Join-Path $folder 'deid.flagall'
        "FORMAT dicom`n`n%filter blacklist`n`nLABEL Everything`n  present Rows`n  coordinates all`n" | Set-Content -LiteralPath $flagAll
        $part2 = New-UndecodableCopy (Join-Path $folder 'part2-in')
        $out = Join-Path $folder 'j2k'
        $r = @((Get-Item $part2), $inputs[2]) | Invoke-DeidReplace -Recipe $flagAll -CleanPixels -OutputFolder $out -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        "$($errs[0])" | Should -Match 'cannot decode JPEG 2000 Part 2'
        Test-Path (Join-Path $out 'Part2.dcm') | Should -BeFalse
        @($r).Count | Should -Be 1
        $r.FramesCleaned | Should -Be 1
    }

    It 'reports what it would clean with -WhatIf -PassThru, writing nothing' {
        $out = Join-Path $folder 'whatif'
        $r = $inputs | Invoke-DeidReplace -Recipe $recipe -CleanPixels -OutputFolder $out -PassThru -WhatIf
        $r.Count | Should -Be 3
        $r.PixelsFlagged | Should -Be @($true, $true, $true)
        $r.Written | Should -Be @($false, $false, $false)
        Test-Path $out | Should -BeFalse
    }
}

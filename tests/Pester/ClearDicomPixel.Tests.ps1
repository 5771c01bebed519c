# Clear-DicomPixel: Test-DicomBurnedPixel verdicts (or files evaluated here) to cleaned DICOM copies and PNG previews under the
# input's name; headers left alone but for the pixel attributes; unflagged files reported and not written; -Format, -WhatIf,
# -Force; a flagged file that cannot be decoded is that file's error; a JPEG source becomes Explicit VR Little Endian that dcmtk reads.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:inDir = Join-Path $folder 'in'
    $script:inputs = @(New-DicomSample -Path $inDir -Modality US -Count 2 -Seed 11)
    $script:ct = New-DicomSample -Path (Join-Path $folder 'ct') -Modality CT -Count 1 -Seed 3
    Copy-Item $ct.FullName (Join-Path $inDir 'ct.dcm')
    $script:recipe = Join-Path $folder 'deid.sampler'
    @'
FORMAT dicom

%filter blacklist

LABEL Sampler ultrasound (text band at the top)
  contains ManufacturerModelName SAMPLER US
  coordinates 0,0,128,24
'@ | Set-Content -LiteralPath $recipe
    $script:flagAll = Join-Path $folder 'deid.flagall'
    "FORMAT dicom`n`n%filter blacklist`n`nLABEL Everything`n  present Rows`n  coordinates all`n" | Set-Content -LiteralPath $flagAll

    function Get-Frame([string]$Path) {
        $file = [Deid.Dicom.DicomFile]::Open($Path)
        $pixels = [Deid.Dicom.NativePixelData]::Open($file.Dataset)
        try { [pscustomobject]@{ Bytes = $pixels.ReadFrame(0); Columns = $pixels.Geometry.Columns; Rows = $pixels.Geometry.Rows } } finally { $pixels.Dispose() }
    }
    # The PNG signature and the IHDR's width and height (big-endian), which is what a viewer needs to open it.
    function Get-PngSize([string]$Path) {
        $b = [IO.File]::ReadAllBytes($Path)
        [byte[]]$b[0..7] | Should -Be @(137, 80, 78, 71, 13, 10, 26, 10)
        [Text.Encoding]::ASCII.GetString($b, 12, 4) | Should -Be 'IHDR'
        $be = { param($at) ([int]$b[$at] -shl 24) -bor ([int]$b[$at + 1] -shl 16) -bor ([int]$b[$at + 2] -shl 8) -bor [int]$b[$at + 3] }
        [pscustomobject]@{ Width = & $be 16; Height = & $be 20 }
    }
    # dcmdump's lines without Pixel Data and the file meta (which names the writer): what "header unchanged" compares.
    function Get-HeaderText([string]$Path) {
        (& dcmdump -q $Path 2>&1 | Where-Object { $_ -notmatch '^\((7fe0|0002),' -and $_ -notmatch '^#' -and $_ -ne '' }) -join "`n"
    }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Clear-DicomPixel' {
    It 'cleans the flagged files of a Test-DicomBurnedPixel pipeline into DICOM and PNG, reusing the verdicts' {
        $out = Join-Path $folder 'both'
        $r = @(Get-ChildItem $inDir -Filter *.dcm | Test-DicomBurnedPixel -Recipe $recipe | Where-Object Flagged |
            Clear-DicomPixel -OutputFolder $out -Format Both -PassThru)
        $r.Count | Should -Be 2
        foreach ($report in $r) {
            $report | Should -BeOfType ([Deid.Pixels.PixelCleaningReport])
            $report.Flagged | Should -BeTrue
            $report.Written | Should -BeTrue
            $report.FramesCleaned | Should -Be 1
            $report.Regions | Should -Be @('0,0,128,24')
            $name = [IO.Path]::GetFileNameWithoutExtension($report.SourcePath)
            $report.Outputs | Should -Be @((Join-Path $out "$name.dcm"), (Join-Path $out "$name.png"))
            $before = Get-Frame $report.SourcePath
            $after = Get-Frame $report.Outputs[0]
            $size = Get-PngSize $report.Outputs[1]
            $size.Width | Should -Be $before.Columns
            $size.Height | Should -Be $before.Rows
            $band = 24 * $before.Columns
            ($before.Bytes[0..($band - 1)] | Measure-Object -Maximum).Maximum | Should -Be 255
            ($after.Bytes[0..($band - 1)] | Measure-Object -Maximum).Maximum | Should -Be 0
            Get-HeaderText $report.Outputs[0] | Should -Be (Get-HeaderText $report.SourcePath)
        }
        Test-Path (Join-Path $out 'ct.dcm') | Should -BeFalse
    }

    It 'reports unflagged files and writes nothing for them' {
        $out = Join-Path $folder 'unflagged'
        $r = Clear-DicomPixel -LiteralPath $ct.FullName -Recipe $recipe -OutputFolder $out -PassThru
        $r.Flagged | Should -BeFalse
        $r.Written | Should -BeFalse
        $r.Outputs.Count | Should -Be 0
        Test-Path $out | Should -BeFalse
    }

    It 'writes only PNGs with -Format Png, every frame with -AllFrames' {
        $out = Join-Path $folder 'png'
        $r = $inputs[0] | Clear-DicomPixel -Recipe $recipe -OutputFolder $out -Format Png -PassThru
        $r.Written | Should -BeTrue
        $r.Outputs | Should -Be @(Join-Path $out ($inputs[0].BaseName + '.png'))
        @(Get-ChildItem $out -Filter *.dcm).Count | Should -Be 0
        $dose = Join-Path $SharedData 'pydicom/test_files/rtdose.dcm'
        $all = Clear-DicomPixel -LiteralPath $dose -Recipe $flagAll -OutputFolder $out -Format Png -AllFrames -PassThru
        $all.Outputs.Count | Should -Be 15
        (Split-Path $all.Outputs[0] -Leaf) | Should -Be 'rtdose.frame0001.png'
    }

    It 'writes nothing with -WhatIf, and reports what it would write' {
        $out = Join-Path $folder 'whatif'
        $r = @($inputs | Clear-DicomPixel -Recipe $recipe -OutputFolder $out -Format Both -PassThru -WhatIf)
        $r.Count | Should -Be 2
        $r.Written | Should -Be @($false, $false)
        $r[0].Outputs.Count | Should -Be 2
        Test-Path $out | Should -BeFalse
    }

    It 'removes the Icon Image Sequence, a small copy of the image and its text, with a warning' {
        $withIcon = Join-Path $folder 'icon-in.dcm'
        $file = [Deid.Dicom.DicomFile]::Open($inputs[0].FullName)
        $icon = $file.Dataset.GetOrAddSequence([Deid.Dicom.DicomTag]::new(0x0088, 0x0200)).AddItem()
        $icon.SetRawValue([Deid.Dicom.DicomTag]::PixelData, [Deid.Dicom.DicomVR]::OB, [Text.Encoding]::ASCII.GetBytes('MKICONPIXELS'))
        $file.Save($withIcon)
        $out = Join-Path $folder 'icon'
        $r = Clear-DicomPixel -LiteralPath $withIcon -Recipe $flagAll -OutputFolder $out -PassThru -WarningVariable warned -WarningAction SilentlyContinue
        $r.Written | Should -BeTrue
        @($warned | Where-Object { "$_" -match 'Icon Image Sequence' }).Count | Should -Be 1
        $bytes = [IO.File]::ReadAllBytes($r.Outputs[0])
        [Text.Encoding]::ASCII.GetString($bytes).Contains('MKICONPIXELS') | Should -BeFalse
        [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($withIcon)).Contains('MKICONPIXELS') | Should -BeTrue
    }

    It 'writes no "cleaned" copy of a flagged file whose labels name no region, but draws it with -Format Png' {
        $noRegion = Join-Path $folder 'deid.noregion'
        "FORMAT dicom`n`n%filter blacklist`n`nLABEL Flagged without a region`n  present Rows`n" | Set-Content -LiteralPath $noRegion
        $out = Join-Path $folder 'noregion'
        $r = $inputs[0] | Clear-DicomPixel -Recipe $noRegion -OutputFolder $out -PassThru -WarningVariable warned -WarningAction SilentlyContinue
        $r.Flagged | Should -BeTrue
        $r.Written | Should -BeFalse
        @($r.Outputs).Count | Should -Be 0
        @($warned | Where-Object { "$_" -match 'name no region.*not written' }).Count | Should -Be 1
        Test-Path (Join-Path $out $inputs[0].Name) | Should -BeFalse
        $png = $inputs[0] | Clear-DicomPixel -Recipe $noRegion -OutputFolder $out -Format Png -PassThru -WarningAction SilentlyContinue
        $png.Written | Should -BeTrue
        Test-Path ([IO.Path]::ChangeExtension((Join-Path $out $inputs[0].Name), '.png')) | Should -BeTrue
    }

    It 'replaces existing outputs only with -Force' {
        $out = Join-Path $folder 'force'
        $inputs[0] | Clear-DicomPixel -Recipe $recipe -OutputFolder $out -Format Both
        $again = $inputs[0] | Clear-DicomPixel -Recipe $recipe -OutputFolder $out -Format Both -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        "$($errs[0])" | Should -Match 'already exists'
        $again | Should -BeNullOrEmpty
        $forced = $inputs[0] | Clear-DicomPixel -Recipe $recipe -OutputFolder $out -Format Both -PassThru -Force
        $forced.Written | Should -BeTrue
    }

    # QA3 F8: inputs named by their UID, with no extension, all had one preview name ('...498.png'): without -Force the second
    # file was refused (its DICOM copy too), with -Force its preview silently replaced the first's.
    It 'gives inputs named by UID a preview each, with and without -Force' {
        $uids = Join-Path $folder 'uid-in'
        New-Item -ItemType Directory $uids | Out-Null
        Copy-Item $inputs[0].FullName (Join-Path $uids '1.2.826.0.1.3680043.8.498.1')
        Copy-Item $inputs[1].FullName (Join-Path $uids '1.2.826.0.1.3680043.8.498.2')
        $out = Join-Path $folder 'uid-out'
        foreach ($force in $false, $true) {
            $r = @(Clear-DicomPixel -Path (Join-Path $uids '*') -Recipe $recipe -OutputFolder $out -Format Both -Force:$force -ThrottleLimit 1 -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue)
            $errs.Count | Should -Be 0
            $r.Written | Should -Be @($true, $true)
            $r[1].Outputs | Should -Be @((Join-Path $out '1.2.826.0.1.3680043.8.498.2'), (Join-Path $out '1.2.826.0.1.3680043.8.498.2.png'))
            @(Get-ChildItem $out -Filter *.png).Name | Sort-Object | Should -Be @('1.2.826.0.1.3680043.8.498.1.png', '1.2.826.0.1.3680043.8.498.2.png')
        }
    }

    # Inputs that still share a preview name ('x' and 'x.dcm' both draw 'x.png') are a clash naming both, never an overwrite.
    It 'refuses a second preview of one name, even with -Force' {
        $pair = Join-Path $folder 'pair-in'
        New-Item -ItemType Directory $pair | Out-Null
        Copy-Item $inputs[0].FullName (Join-Path $pair 'x')
        Copy-Item $inputs[1].FullName (Join-Path $pair 'x.dcm')
        $out = Join-Path $folder 'pair-out'
        foreach ($force in $false, $true) {
            $r = @(Clear-DicomPixel -Path (Join-Path $pair '*') -Recipe $recipe -OutputFolder $out -Format Both -Force:$force -ThrottleLimit 1 -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue)
            $r.Count | Should -Be 1
            $r[0].SourcePath | Should -Be (Join-Path $pair 'x')
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Match '^OutputNameClash'
            "$($errs[0])" | Should -BeLike "*x.dcm*x.png*x'*"
            Test-Path (Join-Path $out 'x.dcm') | Should -BeFalse
        }
    }

    It 'does not write a flagged file it cannot decode, and goes on with the rest' {
        $part2 = New-UndecodableCopy (Join-Path $folder 'part2-in')
        $out = Join-Path $folder 'j2k'
        $r = @((Get-Item $part2), $inputs[1]) | Clear-DicomPixel -Recipe $flagAll -OutputFolder $out -Format Both -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        "$($errs[0])" | Should -Match 'cannot decode JPEG 2000 Part 2'
        # The file is complete: what helps is decompressing it, not checking it.
        $errs[0].ErrorDetails.RecommendedAction | Should -Match 'decompress it first'
        Test-Path (Join-Path $out 'Part2.dcm') | Should -BeFalse
        Test-Path (Join-Path $out 'Part2.png') | Should -BeFalse
        @($r).Count | Should -Be 1
        $r.FramesCleaned | Should -Be 1
    }

    It 'cleans a JPEG file into Explicit VR Little Endian RGB that dcmdump reads without warnings' {
        $cookie = Join-Path $SharedData 'deid-data/dicom-cookies/image1.dcm'
        if (-not (Test-Path $cookie)) { Set-ItResult -Inconclusive -Because '../shared is not beside the repository'; return }
        $out = Join-Path $folder 'cookie'
        $r = Clear-DicomPixel -LiteralPath $cookie -Recipe $flagAll -OutputFolder $out -Format Both -PassThru
        $r.FramesCleaned | Should -Be 1
        $file = [Deid.Dicom.DicomFile]::Open($r.Outputs[0])
        $file.TransferSyntax.Uid | Should -Be '1.2.840.10008.1.2.1'
        $file.Dataset.GetString([Deid.Dicom.DicomTags]::PhotometricInterpretation) | Should -Be 'RGB'
        $text = & dcmdump $r.Outputs[0] 2>&1 | Out-String
        $LASTEXITCODE | Should -Be 0
        $text | Should -Not -Match '(?m)^(W|E):'
        (Get-PngSize $r.Outputs[1]).Width | Should -Be $file.Dataset.GetNumbers([Deid.Dicom.DicomTags]::Columns)[0]
    }

    It 'cleans native YBR_FULL_422 into RGB and 1-bit data still packed, with PNGs, and dciodvfy finds nothing new' {
        $names = 'SC_ybr_full_422_uncompressed.dcm', 'liver_1frame.dcm', 'liver_expb_1frame.dcm'
        $sources = @($names | ForEach-Object { Join-Path $SharedData "pydicom/test_files/$_" })
        if (-not (Test-Path $sources[0])) { Set-ItResult -Inconclusive -Because '../shared is not beside the repository'; return }
        $out = Join-Path $folder 'forms'
        $r = @($sources | Get-Item | Clear-DicomPixel -Recipe $flagAll -OutputFolder $out -Format Both -PassThru)
        $r.Count | Should -Be 3
        foreach ($report in $r) {
            $report.Written | Should -BeTrue
            $text = & dcmdump $report.Outputs[0] 2>&1 | Out-String
            $text | Should -Not -Match '(?m)^(W|E):'
            # dciodvfy's errors on the output are among those on the source (pixel attributes must not add any).
            $before = @(& dciodvfy $report.SourcePath 2>&1 | Where-Object { "$_" -match '^Error' } | ForEach-Object { "$_" -replace ' - .*$', '' })
            $after = @(& dciodvfy $report.Outputs[0] 2>&1 | Where-Object { "$_" -match '^Error' } | ForEach-Object { "$_" -replace ' - .*$', '' })
            $after.Count | Should -BeLessOrEqual $before.Count -Because ($after -join "`n")
            $dataset = [Deid.Dicom.DicomFile]::Open($report.Outputs[0]).Dataset
            (Get-PngSize $report.Outputs[1]).Width | Should -Be $dataset.GetNumbers([Deid.Dicom.DicomTags]::Columns)[0]
        }
        $ybr = [Deid.Dicom.DicomFile]::Open($r[0].Outputs[0]).Dataset
        $ybr.GetString([Deid.Dicom.DicomTags]::PhotometricInterpretation) | Should -Be 'RGB'
        $liver = [Deid.Dicom.DicomFile]::Open($r[1].Outputs[0]).Dataset
        $liver.GetNumbers([Deid.Dicom.DicomTags]::BitsAllocated)[0] | Should -Be 1
        # 'all' blanks every bit; the packed value keeps its length (512 × 512 / 8).
        $pixels = [Deid.Dicom.NativePixelData]::Open($liver)
        try { $pixels.Length | Should -Be 32768; @($pixels.ReadFrame(0) | Where-Object { $_ -ne 0 }).Count | Should -Be 0 } finally { $pixels.Dispose() }
    }
}

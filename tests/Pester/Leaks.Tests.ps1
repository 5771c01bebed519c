# Text hidden outside the elements does not survive Invoke-DeidReplace: a preamble holding text is written as zeros (kept with
# -KeepPreamble, for DICOM/TIFF dual-format files), and a COM segment inside a JPEG frame is cut out of the compressed bytes.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:cookie = Join-Path $SharedData 'deid-data/dicom-cookies/image1.dcm'

    function Test-BytesContain([string]$Path, [string]$Text) {
        [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($Path)).Contains($Text)
    }

    # The cookie with its 128-byte preamble starting with $Text.
    $script:textPreamble = Join-Path $folder 'in/preamble.dcm'
    New-Item -ItemType Directory -Path (Join-Path $folder 'in') | Out-Null
    $bytes = [IO.File]::ReadAllBytes($cookie)
    $text = [Text.Encoding]::ASCII.GetBytes('PREAMBLE^SECRET^NAME')
    [Array]::Copy($text, 0, $bytes, 0, $text.Length)
    [IO.File]::WriteAllBytes($textPreamble, $bytes)

    # The cookie with a COM segment holding a marker right after SOI of its one JPEG frame.
    $script:injected = Join-Path $folder 'in/comment.dcm'
    $file = [Deid.Dicom.DicomFile]::Open($cookie)
    $pixels = [Deid.Dicom.EncapsulatedPixelData]::Open($file.Dataset)
    try { $frame = $pixels.ReadFrame(0) } finally { $pixels.Dispose() }
    $comment = [Text.Encoding]::ASCII.GetBytes('COMMENT^SECRET^NAME')
    $segment = [byte[]](0xFF, 0xFE, 0, ($comment.Length + 2)) + $comment
    $newFrame = [byte[]]([byte[]](0xFF, 0xD8) + $segment + $frame[2..($frame.Length - 1)])
    # Span parameters cannot be called from PowerShell; the in-memory builder takes ReadOnlyMemory.
    $frames = [Collections.Generic.List[ReadOnlyMemory[byte]]]::new()
    $frames.Add([ReadOnlyMemory[byte]]::new($newFrame))
    [Deid.Dicom.EncapsulatedPixelDataBuilder]::SetPixelData($file.Dataset, [Deid.Dicom.EncapsulatedPixelDataBuilder]::CreateFragments($frames, $true))
    $file.Save($injected)
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-DeidReplace and hidden text' {
    It 'writes a preamble holding text as zeros' {
        Test-BytesContain $textPreamble 'PREAMBLE^SECRET^NAME' | Should -BeTrue
        $out = Join-Path $folder 'zeroed'
        $result = Invoke-DeidReplace -LiteralPath $textPreamble -Recipe dicom -OutputFolder $out -PassThru
        $output = Join-Path $out 'preamble.dcm'
        Test-BytesContain $output 'PREAMBLE^SECRET^NAME' | Should -BeFalse
        [IO.File]::ReadAllBytes($output)[0..127] | Where-Object { $_ -ne 0 } | Should -BeNullOrEmpty
        ($result.Steps | Where-Object Step -EQ 'Preamble').Cleared | Should -BeTrue
    }

    It 'keeps the preamble with -KeepPreamble' {
        $out = Join-Path $folder 'kept'
        Invoke-DeidReplace -LiteralPath $textPreamble -Recipe dicom -OutputFolder $out -KeepPreamble
        Test-BytesContain (Join-Path $out 'preamble.dcm') 'PREAMBLE^SECRET^NAME' | Should -BeTrue
    }

    It 'cuts a COM segment out of a JPEG frame' {
        Test-BytesContain $injected 'COMMENT^SECRET^NAME' | Should -BeTrue
        $out = Join-Path $folder 'comment'
        $result = Invoke-DeidReplace -LiteralPath $injected -Recipe dicom -OutputFolder $out -PassThru
        Test-BytesContain (Join-Path $out 'comment.dcm') 'COMMENT^SECRET^NAME' | Should -BeFalse
        ($result.Steps | Where-Object Step -EQ 'JpegText').SegmentsRemoved | Should -Be 1
    }
}

# An overlay plane embedded in the high bits of the pixels (PS3.3 C.9.2 before 2004): every shipped recipe removes the overlay
# group that declares it, so its bits are cleared; the audit finds such a plane by its bits when they are left.
Describe 'An overlay embedded in the pixel data' {
    BeforeAll {
        $file = [Deid.Dicom.DicomFile]::Open((Join-Path $SharedData 'pydicom/test_files/CT_small.dcm'))
        $ds = $file.Dataset
        $T = [Deid.Dicom.DicomTags]; $VR = [Deid.Dicom.DicomVR]
        $ds.SetNumbers($T::BitsStored, $VR::US, [double[]]@(12)) | Out-Null
        $ds.SetNumbers($T::HighBit, $VR::US, [double[]]@(11)) | Out-Null
        $ds.SetNumbers($T::PixelRepresentation, $VR::US, [double[]]@(0)) | Out-Null
        $px = [Deid.Dicom.NativePixelData]::Open($ds)
        try { $frame = $px.ReadFrame(0); $columns = $px.Geometry.Columns } finally { $px.Dispose() }
        # The image kept to its 12 bits; the plane (bit 12) drawn as a 40 x 10 block.
        for ($i = 0; $i -lt $frame.Length; $i += 2) {
            $p = $i / 2; $x = $p % $columns; $y = [math]::Floor($p / $columns)
            $v = [BitConverter]::ToUInt16($frame, $i) -band 0x0FFF
            if ($x -ge 10 -and $x -lt 50 -and $y -ge 5 -and $y -lt 15) { $v = $v -bor 0x1000 }
            $frame[$i] = $v -band 0xFF; $frame[$i + 1] = $v -shr 8
        }
        $ds.SetRawValue([Deid.Dicom.DicomTag]::PixelData, $VR::OW, $frame)
        $ds.SetNumbers([Deid.Dicom.DicomTag]::new(0x6000, 0x0100), $VR::US, [double[]]@(16)) | Out-Null
        $ds.SetNumbers([Deid.Dicom.DicomTag]::new(0x6000, 0x0102), $VR::US, [double[]]@(12)) | Out-Null
        $script:overlayIn = Join-Path $folder 'overlay-in'
        New-Item -ItemType Directory -Path $overlayIn | Out-Null
        $file.Save((Join-Path $overlayIn 'ct-overlay.dcm'))

        function Get-Sample([string]$Path) {
            $f = [Deid.Dicom.DicomFile]::Open($Path)
            $p = [Deid.Dicom.NativePixelData]::Open($f.Dataset)
            try { $b = $p.ReadFrame(0) } finally { $p.Dispose() }
            for ($i = 0; $i -lt $b.Length; $i += 2) { [BitConverter]::ToUInt16($b, $i) }
        }
    }

    It 'clears the plane and keeps the image, and the audit finds nothing' {
        $out = Join-Path $folder 'overlay-out'
        $result = Invoke-DeidReplace -LiteralPath (Join-Path $overlayIn 'ct-overlay.dcm') -Recipe dicom -OutputFolder $out -PassThru
        ($result.Steps | Where-Object Step -EQ 'EmbeddedOverlay').FramesChanged | Should -Be 1
        $before = Get-Sample (Join-Path $overlayIn 'ct-overlay.dcm')
        $after = Get-Sample (Join-Path $out 'ct-overlay.dcm')
        @($before | Where-Object { $_ -band 0x1000 }).Count | Should -Be 400
        @($after | Where-Object { $_ -band 0xF000 }).Count | Should -Be 0
        for ($i = 0; $i -lt $before.Count; $i += 97) { $after[$i] | Should -Be ($before[$i] -band 0x0FFF) }
        $audit = Test-DeidOutput -OriginalPath $overlayIn -OutputPath $out
        $audit.Leaks | Where-Object Keyword -EQ 'OverlayData' | Should -BeNullOrEmpty
    }

    It 'is reported by Test-DeidOutput when a recipe keeps it' {
        $keep = Join-Path $folder 'deid.keep-overlay'
        "FORMAT dicom`n%header`nREPLACE PatientName anonymous`n" | Set-Content -LiteralPath $keep
        $out = Join-Path $folder 'overlay-kept'
        Invoke-DeidReplace -LiteralPath (Join-Path $overlayIn 'ct-overlay.dcm') -Recipe $keep -OutputFolder $out -WarningAction SilentlyContinue
        $leak = (Test-DeidOutput -OriginalPath $overlayIn -OutputPath $out).Leaks | Where-Object Keyword -EQ 'OverlayData'
        $leak.ElementPath | Should -Be '(6000,3000)'
        $leak.Category | Should -Be 'Identifying'
    }
}

# A DICOMDIR indexes its files by paths that hold patient IDs (pydicom's set keeps them under 77654033/) and its records point
# at each other by byte offset: a de-identified copy was both leaking and corrupt, so the writers refuse it, file by file.
Describe 'A DICOMDIR in an export tree' {
    BeforeAll {
        $script:cd = Join-Path $folder 'cd'
        New-Item -ItemType Directory -Path (Join-Path $cd '77654033/CR1') -Force | Out-Null
        $set = Join-Path $SharedData 'pydicom/test_files/dicomdirtests'
        Copy-Item -LiteralPath (Join-Path $set 'DICOMDIR') -Destination $cd
        Copy-Item -LiteralPath (Join-Path $set '77654033/CR1/6154') -Destination (Join-Path $cd '77654033/CR1')
        # A recipe whose filter flags everything, so that Clear-DicomPixel would write the DICOMDIR too.
        "FORMAT dicom`n%filter flagged`nLABEL all`n  present FileSetID || present SOPClassUID`n  coordinates 0,0,4,4`n" | Set-Content -LiteralPath (Join-Path $folder 'deid.flag-all')
    }

    It 'is refused by name with advice, and the images beside it are written (<command>)' -ForEach @(@{ command = 'Invoke-DeidReplace' }, @{ command = 'Clear-DicomPixel' }) {
        $out = Join-Path $folder "cd-out-$command"
        $errs = $null
        if ($command -eq 'Invoke-DeidReplace') {
            $results = @(Invoke-DeidReplace -Path $cd -Recurse -Recipe dicom -OutputFolder $out -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue)
            $results.Count | Should -Be 1
            $results[0].OutputPath | Should -Be (Join-Path $out '77654033/CR1/6154')
            @($errs).Count | Should -Be 1
            # The patient's name is in the DICOMDIR's records and in the image; neither copy that exists holds it.
            [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes((Join-Path $cd 'DICOMDIR'))).Contains('Archibald') | Should -BeTrue
            [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($results[0].OutputPath)).Contains('Archibald') | Should -BeFalse
        }
        else {
            $recipe = Join-Path $folder 'deid.flag-all'
            @(Clear-DicomPixel -Path $cd -Recurse -Recipe $recipe -OutputFolder $out -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue) | Out-Null
        }
        $refusals = @($errs | Where-Object { $_.FullyQualifiedErrorId -like 'DicomDirectoryNotSupported*' })
        $refusals.Count | Should -Be 1
        $refusals[0].TargetObject | Should -Be (Join-Path $cd 'DICOMDIR')
        $refusals[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        "$($refusals[0])" | Should -BeLike '*dcmmkdir*'
        Test-Path (Join-Path $out 'DICOMDIR') | Should -BeFalse
    }

    It 'is refused in a dry run too, and -WhatIf does not announce it (<command>)' -ForEach @(@{ command = 'Invoke-DeidReplace' }, @{ command = 'Clear-DicomPixel' }) {
        $errs = $null
        $extra = if ($command -eq 'Clear-DicomPixel') { @{ Recipe = (Join-Path $folder 'deid.flag-all') } } else { @{ Recipe = 'dicom' } }
        $r = @(& $command -LiteralPath (Join-Path $cd 'DICOMDIR') @extra -OutputFolder (Join-Path $folder "cd-whatif-$command") -WhatIf -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 0
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'DicomDirectoryNotSupported*'
        # "What if:" lines go to the host, so a child pwsh shows them: the image beside it is announced, the DICOMDIR is not.
        $image = Join-Path $cd '77654033/CR1/6154'
        $script = "Import-Module '$ModulePath'; $command -LiteralPath '$(Join-Path $cd 'DICOMDIR')', '$image' -Recipe '$($extra.Recipe)' -OutputFolder '$(Join-Path $folder "cd-whatif2-$command")' -WhatIf -ErrorAction SilentlyContinue"
        $run = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        $run.Text | Should -Match ([regex]::Escape("$image ->"))
        $run.Text | Should -Not -Match ([regex]::Escape((Join-Path $cd 'DICOMDIR') + ' ->'))
    }
}

Describe 'An identifying element hidden in a kept value' {
    BeforeAll {
        # Two small CT files; the second's Manufacturer holds, after its text, the header and value of a Patient's Name in explicit
        # VR little endian: what dcmtk lists when it reads such a file out of step with this reader.
        $script:hiddenIn = Join-Path $folder 'hidden-in'
        New-DicomSample -Path $hiddenIn -Modality CT -Count 2 -Seed 7 | Out-Null
        $script:plain, $script:planted = @(Get-ChildItem -LiteralPath $hiddenIn -Filter *.dcm | Sort-Object Name | ForEach-Object FullName)
        $file = [Deid.Dicom.DicomFile]::Open($planted)
        $script:hiddenValue = [byte[]]([Text.Encoding]::ASCII.GetBytes('ACME') + [byte[]](0x10, 0, 0x10, 0, 0x50, 0x4E, 8, 0) + [Text.Encoding]::ASCII.GetBytes('HIDDEN^X'))
        $file.Dataset.Remove([Deid.Dicom.DicomTag]::new(0x0008, 0x0070)) | Out-Null
        $file.Dataset.SetRawValue([Deid.Dicom.DicomTag]::new(0x0008, 0x0070), [Deid.Dicom.DicomVR]::Parse('LO'), $hiddenValue)
        $copy = "$planted.new"
        $file.Save($copy)
        Move-Item -LiteralPath $copy -Destination $planted -Force
    }

    It 'is a HiddenElement error for that file, naming where it is and not the name; the other file is written' {
        $out = Join-Path $folder 'hidden-out'
        $results = @(Invoke-DeidReplace -LiteralPath $plain, $planted -Recipe dicom -OutputFolder $out -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $results.Count | Should -Be 1
        $results[0].SourcePath | Should -Be $plain
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'HiddenElement,*'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        "$($failures[0])" | Should -Match ([regex]::Escape('the value of (0008,0070) Manufacturer holds, 4 bytes in, the header of (0010,0010) PatientName'))
        "$($failures[0])" | Should -Not -Match 'HIDDEN\^X'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'REMOVE'
        (Get-ChildItem -LiteralPath $out -Force).Name | Should -Be (Split-Path $plain -Leaf)
    }

    It 'is written when the recipe removes the value holding it' {
        $recipe = Join-Path $folder 'deid.no-manufacturer'
        'FORMAT dicom', '%header', 'REMOVE Manufacturer', 'REPLACE PatientName ANONYMOUS' | Set-Content -LiteralPath $recipe
        $out = Join-Path $folder 'hidden-removed'
        $result = Invoke-DeidReplace -LiteralPath $planted -Recipe $recipe -OutputFolder $out -PassThru -WarningAction SilentlyContinue
        Test-BytesContain $result.OutputPath 'HIDDEN^X' | Should -BeFalse
    }

    It 'is a leak Test-DeidOutput reports in a copy another tool made' {
        # An original of a few elements, its Manufacturer holding the hidden name, and a copy another tool made of it: the
        # visible Patient's Name replaced, the Manufacturer kept whole (as a tool reading it as one value would).
        $file = [Deid.Dicom.DicomFile]::new([Deid.Dicom.TransferSyntax]::ExplicitVRLittleEndian)
        $file.Dataset.SetString([Deid.Dicom.DicomTag]::new(0x0008, 0x0016), [Deid.Dicom.DicomVR]::Parse('UI'), '1.2.840.10008.5.1.4.1.1.7')
        $file.Dataset.SetString([Deid.Dicom.DicomTag]::new(0x0008, 0x0018), [Deid.Dicom.DicomVR]::Parse('UI'), '1.2.826.0.1.3680043.2.1143.4242')
        $file.Dataset.SetRawValue([Deid.Dicom.DicomTag]::new(0x0008, 0x0070), [Deid.Dicom.DicomVR]::Parse('LO'), $hiddenValue)
        $file.Dataset.SetString([Deid.Dicom.DicomTag]::new(0x0010, 0x0010), [Deid.Dicom.DicomVR]::Parse('PN'), 'ROE^JANE')
        $file.EnsureFileMeta()
        $original = Join-Path $folder 'hidden-original.dcm'
        $file.Save($original)
        $file.Dataset.SetString([Deid.Dicom.DicomTag]::new(0x0010, 0x0010), [Deid.Dicom.DicomVR]::Parse('PN'), 'ANONYMOUS')
        $copy = Join-Path $folder 'hidden-copy.dcm'
        $file.Save($copy)
        $r = Test-DeidOutput -OriginalPath $original -OutputPath $copy
        $r.Leaked | Should -BeTrue
        $leak = @($r.Leaks | Where-Object OriginalValue -Like 'hidden in*')
        $leak.Count | Should -Be 1
        $leak[0].ElementPath | Should -Be '(0010,0010)'
        $leak[0].Keyword | Should -Be 'PatientName'
        $leak[0].Category | Should -Be 'Identifying'
        $file.Dataset.SetString([Deid.Dicom.DicomTag]::new(0x0008, 0x0070), [Deid.Dicom.DicomVR]::Parse('LO'), 'ACME')
        $clean = Join-Path $folder 'hidden-clean.dcm'
        $file.Save($clean)
        (Test-DeidOutput -OriginalPath $original -OutputPath $clean).Leaks | Where-Object OriginalValue -Like 'hidden in*' | Should -BeNullOrEmpty
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'New-DicomSample' {
    It 'writes the requested number of files and returns them' {
        $f = New-DicomSample -Path (Join-Path $folder 'a') -Count 4 -Modality MR -Seed 1
        $f.Count | Should -Be 4
        $f | ForEach-Object { $_ | Should -BeOfType [IO.FileInfo]; $_.Exists | Should -BeTrue }
        (Get-DicomDataset -LiteralPath $f[0].FullName).Modality | Should -Be 'MR'
    }

    It 'is deterministic: the same seed gives the same bytes' {
        $a = New-DicomSample -Path (Join-Path $folder 'b1') -Count 2 -Seed 99
        $b = New-DicomSample -Path (Join-Path $folder 'b2') -Count 2 -Seed 99
        (Get-FileHash $a[1].FullName).Hash | Should -Be (Get-FileHash $b[1].FullName).Hash
    }

    It 'gives different files for different seeds' {
        $a = New-DicomSample -Path (Join-Path $folder 'c1') -Seed 1
        $b = New-DicomSample -Path (Join-Path $folder 'c2') -Seed 2
        (Get-FileHash $a.FullName).Hash | Should -Not -Be (Get-FileHash $b.FullName).Hash
    }

    It 'carries fake PHI in the header, nested sequences and a private block' {
        $f = New-DicomSample -Path (Join-Path $folder 'd') -Seed 3
        $ds = Get-DicomDataset -LiteralPath $f.FullName
        $ds.PatientName | Should -Match '^[A-Z]+\^[A-Z]+$'
        $ds.PatientBirthDate | Should -Match '^\d{8}$'
        $ds.AccessionNumber | Should -Not -BeNullOrEmpty
        $ds.InstitutionName | Should -Not -BeNullOrEmpty
        $ds.OperatorsName | Should -Not -BeNullOrEmpty
        $ds.RequestAttributesSequence[0].ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Be $ds.StudyInstanceUID
        $ds['(0009,0010)'] | Should -Be 'DEID SAMPLE PRIVATE'
        $ds['(0009,1001)'] | Should -Match 'NICKNAME'
    }

    It 'plants unique markers with -PhiMarkers and lists them on the file' {
        $f = New-DicomSample -Path (Join-Path $folder 'markers') -PhiMarkers -Seed 3
        $f.PhiMarkers.Count | Should -BeGreaterThan 60
        $f.PhiMarkers[0] | Should -BeOfType ([Deid.Samples.PhiMarker])
        $ds = Get-DicomDataset -LiteralPath $f.FullName
        $ds.PatientName | Should -Be ($f.PhiMarkers | Where-Object ElementPath -EQ '(0010,0010)').Marker
        $ds.PatientName | Should -Match '^PHIMK\d{4}\^PHIMK\d{4}$'
        $bytes = [IO.File]::ReadAllBytes($f.FullName)
        [Text.Encoding]::ASCII.GetString($bytes, 0, 9) | Should -Be ($f.PhiMarkers | Where-Object ElementPath -EQ 'Preamble').Marker
        (New-DicomSample -Path (Join-Path $folder 'plain') -Seed 3).PSObject.Properties['PhiMarkers'] | Should -BeNullOrEmpty
    }

    It 'shares patient, study and series across -InstancesPerSeries files' {
        $f = New-DicomSample -Path (Join-Path $folder 'e') -Count 4 -InstancesPerSeries 2 -Seed 5
        $d = $f | Get-DicomDataset
        $d[0].StudyInstanceUID | Should -Be $d[1].StudyInstanceUID
        $d[0].SOPInstanceUID | Should -Not -Be $d[1].SOPInstanceUID
        $d[1].StudyInstanceUID | Should -Not -Be $d[2].StudyInstanceUID
    }

    It 'writes every supported transfer syntax readably' -ForEach @(
        @{ Ts = 'ExplicitVRLittleEndian'; Uid = '1.2.840.10008.1.2.1' }
        @{ Ts = 'ImplicitVRLittleEndian'; Uid = '1.2.840.10008.1.2' }
        @{ Ts = 'ExplicitVRBigEndian'; Uid = '1.2.840.10008.1.2.2' }
        @{ Ts = 'DeflatedExplicitVRLittleEndian'; Uid = '1.2.840.10008.1.2.1.99' }
        @{ Ts = 'RLELossless'; Uid = '1.2.840.10008.1.2.5' }
        @{ Ts = '1.2.840.10008.1.2.5'; Uid = '1.2.840.10008.1.2.5' }
    ) {
        $f = New-DicomSample -Path (Join-Path $folder "ts-$Ts") -TransferSyntax $Ts -Seed 11
        $ds = Get-DicomDataset -LiteralPath $f.FullName
        $ds.TransferSyntax.Uid | Should -Be $Uid
        $ds.Rows | Should -Be 128
        $ds.PatientID | Should -Match '^PID'
    }

    It 'refuses to overwrite without -Force, and overwrites with it' {
        $dir = Join-Path $folder 'f'
        $first = New-DicomSample -Path $dir -Seed 1
        $hash = (Get-FileHash $first.FullName).Hash
        New-DicomSample -Path $dir -Seed 2 -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OutputExists*'
        $errs[0].Exception.Message | Should -BeLike '*only with -Force*'
        (Get-FileHash $first.FullName).Hash | Should -Be $hash
        New-DicomSample -Path $dir -Seed 2 -Force | Out-Null
        (Get-FileHash $first.FullName).Hash | Should -Not -Be $hash
    }

    It 'writes nothing with -WhatIf' {
        $dir = Join-Path $folder 'g'
        New-DicomSample -Path $dir -Count 2 -WhatIf
        Test-Path (Join-Path $dir 'CT-0001.dcm') | Should -BeFalse
    }

    It 'completes transfer syntax names' {
        $line = 'New-DicomSample -Path x -TransferSyntax Impl'
        $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
        $r.CompletionMatches.CompletionText | Should -Contain 'ImplicitVRLittleEndian'
    }

    It 'writes RLE Lossless pixels that dcmtk decodes to the native sample''s, and that -CleanPixels cleans (<Modality>)' -ForEach @(
        @{ Modality = 'US' }, @{ Modality = 'CT' }
    ) -Skip:(-not (Get-Command dcmdrle -ErrorAction SilentlyContinue)) {
        $rle = New-DicomSample -Path (Join-Path $folder "rle-$Modality") -Count 2 -Modality $Modality -Seed 8 -TransferSyntax RLELossless
        $native = New-DicomSample -Path (Join-Path $folder "native-$Modality") -Count 2 -Modality $Modality -Seed 8
        for ($i = 0; $i -lt 2; $i++) {
            $ds = Get-DicomDataset -LiteralPath $rle[$i].FullName
            $ds.PixelData.FragmentCount | Should -Be 1
            $ds.PatientName | Should -Be (Get-DicomDataset -LiteralPath $native[$i].FullName).PatientName
            $decoded = Join-Path $folder "rle-$Modality-decoded-$i.dcm"
            & dcmdrle $rle[$i].FullName $decoded 2>&1 | Out-Null
            $LASTEXITCODE | Should -Be 0
            $pixels = @(Compare-DicomDataset -ReferenceObject $native[$i].FullName -DifferenceObject $decoded -IncludeEqual | Where-Object KeywordPath -eq 'PixelData')
            $pixels.Count | Should -Be 1
            # The same length and SHA-256 on both sides (dcmdrle writes 8-bit pixels as OW, so the element may differ in VR only).
            $pixels[0].Before | Should -Be $pixels[0].After
        }
        $recipe = Join-Path $folder "flag-all-$Modality.dicom"
        Set-Content -LiteralPath $recipe -Value "FORMAT dicom`n%filter blacklist`nLABEL all`n  present Modality`n  coordinates 0,0,64,16"
        $results = @(Invoke-DeidReplace -LiteralPath $rle.FullName -Recipe $recipe -CleanPixels -OutputFolder (Join-Path $folder "rle-clean-$Modality") -PassThru -WarningAction SilentlyContinue)
        $results.Written | Should -Be @($true, $true)
        $results.FramesCleaned | Should -Be @(1, 1)
    }

    It 'writes JPEG Baseline samples of 8-bit modalities that dcmtk decodes and that -CleanPixels cleans' -Skip:(-not (Get-Command dcmdjpeg -ErrorAction SilentlyContinue)) {
        $jpeg = @(New-DicomSample -Path (Join-Path $folder 'jpeg') -Count 2 -Modality US -Seed 8 -TransferSyntax JPEGBaseline8Bit)
        $jpeg += New-DicomSample -Path (Join-Path $folder 'jpeg') -Modality SC -Seed 8 -TransferSyntax 1.2.840.10008.1.2.4.50
        foreach ($f in $jpeg) {
            $ds = Get-DicomDataset -LiteralPath $f.FullName
            $ds.TransferSyntax.Uid | Should -Be '1.2.840.10008.1.2.4.50'
            $ds.LossyImageCompression | Should -Be '01'
            $decoded = Join-Path $folder "jpeg-decoded-$($f.Name)"
            & dcmdjpeg $f.FullName $decoded 2>&1 | Out-Null
            $LASTEXITCODE | Should -Be 0
            (Get-DicomDataset -LiteralPath $decoded).PixelData.Length | Should -Be (128 * 128)
        }
        $results = @(Invoke-DeidReplace -LiteralPath $jpeg.FullName -Recipe dicom.ultrasound -CleanPixels -OutputFolder (Join-Path $folder 'jpeg-clean') -PassThru -WarningAction SilentlyContinue)
        $results.Written | Should -Be @($true, $true, $true)
        $results[0..1].FramesCleaned | Should -Be @(1, 1)
    }

    It 'puts the marked name and ID of a JPEG sample with -PhiMarkers in a COM segment, which a replace removes' {
        $f = New-DicomSample -Path (Join-Path $folder 'jpeg-com') -Modality US -Seed 9 -TransferSyntax JPEGBaseline8Bit -PhiMarkers
        $comment = ($f.PhiMarkers | Select-Object -Last 1)
        $comment.ElementPath | Should -Be '(7FE0,0010)'
        $comment.Marker | Should -BeLike "PATIENT *$((Get-DicomDataset -LiteralPath $f.FullName).PatientID)*"
        [IO.File]::ReadAllText($f.FullName, [Text.Encoding]::Latin1).Contains($comment.Marker) | Should -BeTrue
        $r = Invoke-DeidReplace -LiteralPath $f.FullName -Recipe dicom -OutputFolder (Join-Path $folder 'jpeg-com-out') -PassThru -WarningAction SilentlyContinue
        [IO.File]::ReadAllText($r.OutputPath, [Text.Encoding]::Latin1).Contains($comment.Marker) | Should -BeFalse
        $r | Test-DeidOutput -Recipe dicom -Quiet | Should -BeTrue
    }

    It 'refuses JPEG Baseline for a 12-bit modality, before writing anything' {
        $dir = Join-Path $folder 'jpeg-ct'
        $err = { New-DicomSample -Path $dir -Modality CT -TransferSyntax JPEGBaseline8Bit -Count 3 } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'UnsupportedSample*'
        $err.Exception.Message | Should -BeLike '*8-bit*US or SC*'
        Test-Path $dir | Should -BeFalse
    }

    It 'reads back in dcmdump, when dcmtk is installed' -Skip:(-not (Get-Command dcmdump -ErrorAction SilentlyContinue)) {
        $f = New-DicomSample -Path (Join-Path $folder 'h') -Seed 4 -Modality US
        $out = & dcmdump $f.FullName 2>&1
        $LASTEXITCODE | Should -Be 0
        ($out -join "`n") | Should -Match '\(0010,0010\) PN \['
    }
}

BeforeDiscovery {
    $script:HasShared = Test-Path (Join-Path $PSScriptRoot '../../../shared/data')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:samples = New-DicomSample -Path $folder -Count 3 -Seed 7
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-DicomDataset' {
    It 'reads files piped from Get-ChildItem, one dataset per file' {
        $all = Get-ChildItem $folder -Filter *.dcm | Get-DicomDataset
        $all.Count | Should -Be 3
        $all[0].Path | Should -Be $samples[0].FullName
    }

    It 'has a property per private element and unknown tag, which JSON keeps; reads a private element by its creator; and so the file meta by keyword' {
        # QA 2026-12-07: ConvertTo-Json and Export-Csv left the vendor blocks out, $ds['(0009,"CREATOR",01)'] gave $null, and
        # $ds.FileMetaInformation.TransferSyntaxUID read nothing.
        $ds = Get-DicomDataset -Path $samples[0].FullName
        $creator = $ds.'(0009,0010)'
        $creator | Should -Not -BeNullOrEmpty
        $value = $ds.'(0009,1001)'
        $value | Should -Not -BeNullOrEmpty
        $ds["(0009,""$creator"",01)"] | Should -Be $value
        $ds['(0009,"NO SUCH CREATOR",01)'] | Should -BeNullOrEmpty
        $json = $ds | ConvertTo-Json -Depth 5 | ConvertFrom-Json
        $json.'(0009,1001)' | Should -Be $value
        $json.'(0009,0010)' | Should -Be $creator
        $ds.FileMetaInformation.TransferSyntaxUID | Should -Be '1.2.840.10008.1.2.1'
        $ds.FileMetaInformation.MediaStorageSOPInstanceUID | Should -Be $ds.SOPInstanceUID
    }

    It 'reads values by keyword property, keyword index and tag index' {
        $ds = Get-DicomDataset -Path $samples[0].FullName
        $ds.PatientID | Should -Match '^PID\d{6}$'
        $ds['PatientID'] | Should -Be $ds.PatientID
        $ds['(0010,0020)'] | Should -Be $ds.PatientID
        $ds['00100020'] | Should -Be $ds.PatientID
    }

    It 'browses sequences as nested datasets, two levels deep' {
        $ds = Get-DicomDataset -Path $samples[0].FullName
        $ds.ReferencedStudySequence.Count | Should -Be 1
        $ds.ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Be $ds.StudyInstanceUID
        $ds.RequestAttributesSequence[0].ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Be $ds.StudyInstanceUID
    }

    It 'gives sequence items as a list wrapped when read: indexes (from the end too), counts, enumerates and serialises as the array did' {
        $ds = Get-DicomDataset -Path $samples[0].FullName
        $items = $ds.RequestAttributesSequence
        $items.Count | Should -Be 1
        $items.Length | Should -Be 1
        @($items).Count | Should -Be 1
        [object]::ReferenceEquals($items[0], $items[0]) | Should -BeTrue
        $items[-1].ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Be $ds.StudyInstanceUID
        $ds.RequestAttributesSequence.ReferencedStudySequence.ReferencedSOPInstanceUID | Should -Be $ds.StudyInstanceUID
        ($ds | ConvertTo-Json -Depth 8 | ConvertFrom-Json).RequestAttributesSequence[0].ReferencedStudySequence[0].ReferencedSOPInstanceUID |
            Should -Be $ds.StudyInstanceUID
        $xml = Join-Path $folder 'dataset.xml'
        $ds | Export-Clixml -LiteralPath $xml -Depth 6
        (Import-Clixml -LiteralPath $xml).RequestAttributesSequence[0].ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Be $ds.StudyInstanceUID
        Remove-Item -LiteralPath $xml
        { $items.Add($null) } | Should -Throw
    }

    It 'expands wildcards in -Path' {
        (Get-DicomDataset -Path (Join-Path $folder 'CT-000*.dcm')).Count | Should -Be 3
    }

    It 'reads a file whose name has [ and ] with -LiteralPath' {
        $odd = Join-Path $folder 'patient[1].dcm'
        Copy-Item -LiteralPath $samples[0].FullName -Destination $odd
        $ds = Get-DicomDataset -LiteralPath $odd
        $ds.PatientID | Should -Be (Get-DicomDataset -Path $samples[0].FullName).PatientID
    }

    It 'gives a non-terminating error naming a non-DICOM file and carries on with the rest' {
        $bad = Join-Path $folder 'notes.txt'
        Set-Content -LiteralPath $bad -Value 'this is not a DICOM file at all, just some text'
        $out = @($bad, $samples[1].FullName) | Get-DicomDataset -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDicom*'
        $errs[0].TargetObject | Should -Be $bad
        $errs[0].Exception.Message | Should -BeLike "*$bad*offset*"
        Remove-Item -LiteralPath $bad
    }

    It 'stops the pipeline on bad input with -ErrorAction Stop' {
        $bad = Join-Path $folder 'broken.dcm'
        [IO.File]::WriteAllBytes($bad, [byte[]](1..300 | ForEach-Object { 0 }) + [Text.Encoding]::ASCII.GetBytes('DICM') + [byte[]](2, 0, 16, 0, 85, 73, 200, 0))
        { Get-DicomDataset -LiteralPath $bad -ErrorAction Stop } | Should -Throw
        Remove-Item -LiteralPath $bad
    }

    It 'keeps the input order over many windows with -ThrottleLimit <limit>, errors and warnings in their place' -ForEach @(@{ limit = 1 }, @{ limit = 2 }, @{ limit = 3 }) {
        # 3 samples x 70, a broken file and a file with an odd-length value between them: several windows of 32 files a thread,
        # read while the ones before are written. Streams merged into one show where each error and warning came out.
        $bad = Join-Path $folder 'broken-in-the-middle.dcm'
        'hello' | Set-Content -LiteralPath $bad
        $odd = Join-Path $folder 'odd-length.dcm'
        $bytes = [Collections.Generic.List[byte]]::new()
        foreach ($element in @(@(0x0008, 0x0060, 'CT'), @(0x0010, 0x0010, 'ODD'), @(0x0010, 0x0020, 'ID01'))) {
            $value = [Text.Encoding]::ASCII.GetBytes($element[2])
            $bytes.AddRange([BitConverter]::GetBytes([uint16]$element[0])); $bytes.AddRange([BitConverter]::GetBytes([uint16]$element[1]))
            $bytes.AddRange([BitConverter]::GetBytes([uint32]$value.Length)); $bytes.AddRange($value)
        }
        [IO.File]::WriteAllBytes($odd, $bytes.ToArray())
        $good = @($samples.FullName)
        $inputs = @(@($good) * 35) + $bad + @(@($good) * 20) + $odd + @(@($good) * 15)
        $stream = @($inputs | Get-DicomDataset -HeaderOnly -ThrottleLimit $limit -ErrorAction Continue 2>&1 3>&1)
        $stream.Count | Should -Be ($inputs.Count + 1)
        $stream[105] | Should -BeOfType [Management.Automation.ErrorRecord]
        $stream[105].TargetObject | Should -Be $bad
        $stream[166] | Should -BeOfType [Management.Automation.WarningRecord]
        $stream[166].Message | Should -BeLike "$odd*odd length*"
        $stream[167].PatientName | Should -Be 'ODD'
        $datasets = @($stream | Where-Object { $_ -isnot [Management.Automation.ErrorRecord] -and $_ -isnot [Management.Automation.WarningRecord] })
        $datasets.Path | Should -Be ($inputs | Where-Object { $_ -ne $bad })
        # Stopping early while the next window is read leaves nothing behind that blocks the next run.
        @($inputs | Get-DicomDataset -ThrottleLimit $limit -ErrorAction SilentlyContinue | Select-Object -First 2).Path | Should -Be $inputs[0..1]
        Remove-Item -LiteralPath $bad, $odd
    }

    It 'leaves the Pixel Data of a deflated file in the file, as of any other: its length, but no file offset to give' {
        $deflated = New-DicomSample -Path (Join-Path $folder 'deflated') -Seed 8 -TransferSyntax DeflatedExplicitVRLittleEndian
        $pixels = (Get-DicomDataset -LiteralPath $deflated.FullName).PixelData
        $pixels.Length | Should -BeGreaterThan 0
        $pixels.Offset | Should -BeNullOrEmpty
        (Get-DicomDataset -LiteralPath $samples[0].FullName).PixelData.Offset | Should -BeGreaterThan 0
        # Read again from the file when written: the copy's pixels are the original's.
        $out = Join-Path $folder 'deflated-out'
        $r = Invoke-DeidReplace -LiteralPath $deflated.FullName -Recipe dicom -OutputFolder $out -PassThru -WarningAction SilentlyContinue
        $r.Succeeded | Should -BeTrue
        @(Compare-DicomDataset -ReferenceObject $deflated.FullName -DifferenceObject $r.OutputPath | Where-Object KeywordPath -eq 'PixelData') | Should -HaveCount 0
        (Get-DicomDataset -LiteralPath $r.OutputPath).PixelData.Length | Should -Be $pixels.Length
    }

    It 'reports a missing path as an error' {
        Get-DicomDataset -LiteralPath (Join-Path $folder 'nope.dcm') -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
    }

    It 'shows a dcmdump-like listing by default' {
        $text = Get-DicomDataset -Path $samples[0].FullName | Out-String -Width 200
        $text | Should -Match '\(0010,0010\) PN \[[A-Z]+\^[A-Z]+\]'
        $text | Should -Match '\(7FE0,0010\) OW \(Not loaded, 32768 bytes\)'
    }

    It 'lists elements as objects with Tag, VR, Keyword and Value' {
        $rows = (Get-DicomDataset -Path $samples[0].FullName).Elements
        $name = $rows | Where-Object { $_.Tag.ToString() -eq '(0010,0010)' }
        $name.VR.ToString() | Should -Be 'PN'
        $name.Keyword | Should -Be 'PatientName'
    }

    It 'reads every shared test file that is valid, header-only' -Skip:(-not $HasShared) {
        $files = Get-ChildItem (Join-Path $SharedData 'deid-data') -Recurse -Filter *.dcm
        $out = $files | Get-DicomDataset -HeaderOnly
        $out.Count | Should -Be $files.Count
    }
}

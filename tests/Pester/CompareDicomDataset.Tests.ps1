# Compare-DicomDataset on New-DicomSample files de-identified by Invoke-DeidReplace: the exact changes a recipe makes (top
# level, nested, private), identical files, pixel data as length and digest, the file meta part, the three ways of pairing
# files, the table view's width and per-file errors.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:in = Join-Path $folder 'in'
    $script:out = Join-Path $folder 'out'
    $script:samples = @(New-DicomSample -Path $in -Count 2 -Seed 5)
    $script:recipe = Join-Path $folder 'deid.review'
    @'
FORMAT dicom

%header

REPLACE PatientName anonymous
REMOVE PatientID
ADD PatientIdentityRemoved YES
REPLACE ReferencedSOPInstanceUID 1.2.3
BLANK (0009,1001)
'@ | Set-Content -LiteralPath $recipe
    $script:results = @($samples | Invoke-DeidReplace -Recipe $recipe -OutputFolder $out -PassThru)

    function Get-ChangeLines($Rows) { @($Rows | ForEach-Object { "$($_.Kind) $($_.Path)" } | Sort-Object) }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Compare-DicomDataset' {
    It 'reports exactly the changes the recipe made' {
        $rows = Compare-DicomDataset -ReferenceObject $samples[0].FullName -DifferenceObject $results[0].OutputPath
        $rows | Should -BeOfType ([Deid.Inspection.DatasetDifference])
        Get-ChangeLines $rows | Should -Be @(
            'Added (0012,0062)'
            'Changed (0008,1110)__0__(0008,1155)'
            'Changed (0009,1001)'
            'Changed (0010,0010)'
            'Changed (0040,0275)__0__(0008,1110)__0__(0008,1155)'
            'Removed (0010,0020)'
        )
        $original = Get-DicomDataset -LiteralPath $samples[0].FullName
        $name = $rows | Where-Object KeywordPath -EQ 'PatientName'
        $name.Kind | Should -Be 'Changed'
        $name.VR | Should -Be 'PN'
        $name.Before | Should -Be "[$($original.PatientName)]"
        $name.After | Should -Be '[anonymous]'
        $id = $rows | Where-Object KeywordPath -EQ 'PatientID'
        $id.Kind | Should -Be 'Removed'
        $id.Before | Should -Be "[$($original.PatientID)]"
        $id.After | Should -BeNullOrEmpty
        $name.Before | Should -Not -Be '[]'
        ($rows | Where-Object KeywordPath -EQ 'PatientIdentityRemoved').After | Should -Be '[YES]'
        $rows.IsFileMeta | Should -Not -Contain $true
    }

    It 'finds nested and private changes, with their keyword paths and creator' {
        $rows = Compare-DicomDataset $samples[0].FullName $results[0].OutputPath
        $nested = $rows | Where-Object Path -EQ '(0040,0275)__0__(0008,1110)__0__(0008,1155)'
        $nested.KeywordPath | Should -Be 'RequestAttributesSequence__0__ReferencedStudySequence__0__ReferencedSOPInstanceUID'
        $nested.After | Should -Be '[1.2.3]'
        $private = $rows | Where-Object Path -EQ '(0009,1001)'
        $private.PrivateCreator | Should -Be 'DEID SAMPLE PRIVATE'
        $private.Before | Should -Match '^\[NICKNAME '
        $private.After | Should -Be '(no value)'
    }

    It 'finds no difference between identical files, and lists every element as Equal with -IncludeEqual' {
        $copy = Join-Path $folder 'copy.dcm'
        Copy-Item -LiteralPath $samples[0].FullName -Destination $copy
        @(Compare-DicomDataset $samples[0].FullName $copy).Count | Should -Be 0
        $all = @(Compare-DicomDataset $samples[0].FullName $copy -IncludeEqual)
        $all.Count | Should -BeGreaterThan 40
        @($all | Where-Object Kind -NE 'Equal').Count | Should -Be 0
        $meta = @($all | Where-Object IsFileMeta)
        $meta.Count | Should -BeGreaterThan 3
        $meta.Path | ForEach-Object { $_ | Should -Match '^\(0002,' }
        $meta[0].Part | Should -Be 'Meta'
        $pixels = $all | Where-Object KeywordPath -EQ 'PixelData'
        $pixels.Before | Should -Match '^\(\d+ bytes, sha256 [0-9a-f]{16}\)$'
    }

    It 'compares datasets from Get-DicomDataset and FileInfo objects like paths' {
        $ds = Get-DicomDataset -LiteralPath $samples[0].FullName
        $rows = Compare-DicomDataset -ReferenceObject $ds -DifferenceObject (Get-Item -LiteralPath $results[0].OutputPath)
        Get-ChangeLines $rows | Should -Be (Get-ChangeLines (Compare-DicomDataset $samples[0].FullName $results[0].OutputPath))
    }

    It 'compares two sequence items as it compares datasets' {
        $before = (Get-DicomDataset -LiteralPath $samples[0].FullName).RequestAttributesSequence[0]
        $after = (Get-DicomDataset -LiteralPath $results[0].OutputPath).RequestAttributesSequence[0]
        $rows = @(Compare-DicomDataset -ReferenceObject $before -DifferenceObject $after -ErrorAction Stop)
        # REPLACE ReferencedSOPInstanceUID reached into the item's ReferencedStudySequence, and nothing else in it changed.
        @($rows | ForEach-Object { "$($_.Kind) $($_.KeywordPath)" }) | Should -Be @('Changed ReferencedStudySequence__0__ReferencedSOPInstanceUID')
        $rows[0].After | Should -Be '[1.2.3]'
    }

    It 'shows changed pixel data as length and digest, never as bytes' {
        $usIn = Join-Path $folder 'us'
        $us = New-DicomSample -Path $usIn -Modality US -Seed 3
        $usRecipe = Join-Path $folder 'deid.us'
        "FORMAT dicom`n%filter blacklist`nLABEL band`n  contains ManufacturerModelName SAMPLER US`n  coordinates 0,0,128,24`n%header`n" |
            Set-Content -LiteralPath $usRecipe
        $r = $us | Invoke-DeidReplace -Recipe $usRecipe -CleanPixels -OutputFolder (Join-Path $folder 'us-clean') -PassThru
        $pixels = Compare-DicomDataset $us.FullName $r.OutputPath | Where-Object KeywordPath -EQ 'PixelData'
        $pixels.Kind | Should -Be 'Changed'
        $pixels.Before | Should -Match '^\(\d+ bytes, sha256 [0-9a-f]{16}\)$'
        $pixels.After | Should -Match '^\(\d+ bytes, sha256 [0-9a-f]{16}\)$'
        $pixels.After | Should -Not -Be $pixels.Before
    }

    It 'compares piped Invoke-DeidReplace -PassThru results with their sources' {
        $rows = @($results | Compare-DicomDataset)
        @($rows.DifferenceFile | Sort-Object -Unique) | Should -Be @($results.OutputPath | Sort-Object)
        Get-ChangeLines ($rows | Where-Object DifferenceFile -EQ $results[1].OutputPath) |
            Should -Be (Get-ChangeLines (Compare-DicomDataset $samples[1].FullName $results[1].OutputPath))
    }

    It 'compares -PassThru results saved with Export-Csv and read back, as Test-DeidOutput takes them (QA 2026-12-07)' {
        $csv = Join-Path $TestDrive 'results.csv'
        $results | Export-Csv -LiteralPath $csv
        $rows = @(Import-Csv -LiteralPath $csv | Compare-DicomDataset)
        @($rows.DifferenceFile | Sort-Object -Unique) | Should -Be @($results.OutputPath | Sort-Object)
        # A row whose Written says False has nothing to compare, as a live result.
        $skipped = Import-Csv -LiteralPath $csv | Select-Object -First 1
        $skipped.Written = 'False'
        @($skipped | Compare-DicomDataset) | Should -BeNullOrEmpty
        { [pscustomobject]@{ Name = 'x' } | Compare-DicomDataset -ErrorAction Stop } | Should -Throw -ErrorId 'NoReference*'
    }

    It 'pairs piped files with their namesakes in -ReferenceFolder' {
        $rows = @(Get-ChildItem -LiteralPath $out -File | Compare-DicomDataset -ReferenceFolder $in)
        @($rows.ReferenceFile | Sort-Object -Unique) | Should -Be @($samples.FullName | Sort-Object)
        $rows.Count | Should -Be 12
    }

    It 'keeps its table within <width> columns, with both values, the nested element and the private creator' -ForEach @(
        @{ width = 120 }, @{ width = 79 }
    ) {
        $text = Compare-DicomDataset $samples[0].FullName $results[0].OutputPath | Out-String -Width $width
        $lines = $text -split "`r?`n"
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual $width }
        # The header is whole, After included: an 80-column console (79 written) once dropped the After column.
        @($lines | Where-Object { $_ -match '^Kind\s' }) | ForEach-Object { ($_ -split '\s+' | Where-Object { $_ }) -join ' ' | Should -Be 'Kind Element VR Before After' }
        # A nested path keeps its end (item and element); a private element keeps its creator.
        $text | Should -Match 'Req\w*…__0__ReferencedSOPInstanceUID\s+UI\s+\[\S+\s+\[1\.2\.3\]'
        $text | Should -Match '\(0009,1001\) \[DEID SAMPLE PRIVATE\]\s+LO\s+\[NICKNAME \S*\s+\(no value\)'
    }

    It 'reports a file that is not DICOM as a non-terminating error naming it, and carries on' {
        $bad = Join-Path $folder 'bad.dcm'
        [IO.File]::WriteAllBytes($bad, [byte[]](1..200))
        $rows = @($bad, $results[0].OutputPath | Compare-DicomDataset -ReferenceObject $samples[0].FullName -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].TargetObject | Should -Be $bad
        $rows.Count | Should -Be 6
    }

    It 'compares files in folders named with brackets, and reports a side that matches nothing' {
        $a = Join-Path $folder 'study [1]'
        New-Item -ItemType Directory -Path $a | Out-Null
        Copy-Item -LiteralPath $samples[0].FullName -Destination $a
        $copy = Join-Path $a $samples[0].Name
        @(Compare-DicomDataset $copy $results[0].OutputPath).Count | Should -Be 6
        $rows = @(Compare-DicomDataset $copy (Join-Path $out 'none*.dcm') -ErrorVariable errs -ErrorAction SilentlyContinue)
        $rows.Count | Should -Be 0
        $errs.Count | Should -Be 1
        "$($errs[0])" | Should -BeLike "-DifferenceObject '*none``*.dcm' matches no file*"
        @(Compare-DicomDataset (Join-Path $folder 'study [2]/x.dcm') $results[0].OutputPath -ErrorVariable errs2 -ErrorAction SilentlyContinue).Count | Should -Be 0
        "$($errs2[0])" | Should -BeLike "-ReferenceObject '*study ``[2``]/x.dcm' matches no file*"
    }

    It 'refuses a reference that names several files' {
        { Compare-DicomDataset (Join-Path $in '*.dcm') $results[0].OutputPath -ErrorAction Stop } | Should -Throw '*names 2 files*'
    }
}

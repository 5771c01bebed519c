# Issue 11, items 11, 12 and 14: the objects the read-only cmdlets return, how they serialize and how they display.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:inputs = New-DicomSample -Path (Join-Path $folder 'in') -Count 12 -Modality CT -Seed 21 -InstancesPerSeries 12
    # Every line of a table rendered for a 120-column console.
    function Get-Lines($objects) { ($objects | Out-String -Width 120) -split "`r?`n" }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe '11. Typed values' {
    It 'sorts <command> objects by InstanceNumber as numbers: 1, 2, ..., 10, 11, 12' -ForEach @(
        @{ command = 'Get-DicomDataset' }, @{ command = 'Get-DicomIdentifier' }
    ) {
        $sorted = $inputs | & $command | Sort-Object InstanceNumber
        ($sorted.InstanceNumber -join ',') | Should -Be (1..12 -join ',')
        $sorted[0].InstanceNumber | Should -BeOfType [int]
    }

    It 'gives DS, US and their multi-values as numbers on <command> objects' -ForEach @(
        @{ command = 'Get-DicomDataset' }, @{ command = 'Get-DicomIdentifier' }
    ) {
        $o = & $command -LiteralPath $inputs[0].FullName
        $o.SliceThickness | Should -BeOfType [double]
        $o.Rows | Should -BeOfType [uint16]
        $o.ImagePositionPatient.Count | Should -Be 3
        $o.ImagePositionPatient[2] | Should -BeOfType [double]
        $o.ImagePositionPatient[0] + 1 | Should -Be ($o.ImagePositionPatient[0] + 1.0)
        $o.PixelSpacing.ToString() | Should -Match '^[0-9.]+\\[0-9.]+$'
    }

    It 'keeps dates as text with a [datetime] <Keyword>AsDateTime companion, StudyDate with StudyTime' {
        $ds = Get-DicomDataset -LiteralPath $inputs[0].FullName
        $ds.StudyDate | Should -BeOfType [string]
        $ds.StudyDateAsDateTime | Should -BeOfType [datetime]
        $ds.StudyDateAsDateTime.ToString('yyyyMMddHHmmss') | Should -Be ($ds.StudyDate + $ds.StudyTime.Substring(0, 6))
        $id = Get-DicomIdentifier -LiteralPath $inputs[0].FullName
        $id.PatientBirthDateAsDateTime.ToString('yyyyMMdd') | Should -Be $id.PatientBirthDate
    }

    It 'gives $null, not an exception, for an invalid date' {
        $recipe = Join-Path $folder 'deid.baddate'
        Set-Content -LiteralPath $recipe -Value "FORMAT dicom`n%header`nREPLACE StudyDate 20061341`nREPLACE PatientBirthDate notadate"
        $out = Join-Path $folder 'baddate'
        Invoke-DeidReplace -LiteralPath $inputs[0].FullName -Recipe $recipe -OutputFolder $out -WarningAction SilentlyContinue
        $ds = Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)
        $ds.StudyDate | Should -Be '20061341'
        $ds.StudyDateAsDateTime | Should -BeNullOrEmpty
        $id = Get-DicomIdentifier -LiteralPath (Join-Path $out $inputs[0].Name)
        $id.PatientBirthDateAsDateTime | Should -BeNullOrEmpty
    }

    It 'keeps deid''s text in Fields, and Variables still reach a replace after Export-Clixml' {
        $id = Get-DicomIdentifier -LiteralPath $inputs[1].FullName
        $id.Fields['(0020,0013)'].Value | Should -BeOfType [string]
        $id.Variables.id = 'SUBJ-9'
        $xml = Join-Path $folder 'ids.xml'
        $id | Export-Clixml -LiteralPath $xml
        $back = Import-Clixml -LiteralPath $xml
        $back.InstanceNumber | Should -Be $id.InstanceNumber
        $recipe = Join-Path $folder 'deid.var'
        Set-Content -LiteralPath $recipe -Value "FORMAT dicom`n%header`nREPLACE PatientID var:id"
        $out = Join-Path $folder 'clixml'
        $back | Invoke-DeidReplace -Recipe $recipe -OutputFolder $out
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[1].Name)).PatientID | Should -Be 'SUBJ-9'
    }
}

Describe '12. Objects that work with other cmdlets' {
    It 'pipes <command> objects to Copy-Item through PSPath' -ForEach @(
        @{ command = 'Get-DicomDataset' }, @{ command = 'Get-DicomIdentifier' }
    ) {
        $dest = Join-Path $folder "copy-$command"
        New-Item -ItemType Directory -Path $dest | Out-Null
        $inputs[0..1] | & $command | Copy-Item -Destination $dest
        (Get-ChildItem $dest).Name | Sort-Object | Should -Be ($inputs[0..1].Name | Sort-Object)
        $o = & $command -LiteralPath $inputs[0].FullName
        $o.PSChildName | Should -Be $inputs[0].Name
        $o.PSPath | Should -BeLike '*FileSystem::*'
    }

    It 'converts a dataset to JSON by keyword, without the preamble or the object''s internals' {
        $json = Get-DicomDataset -LiteralPath $inputs[0].FullName | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
        $obj = $json | ConvertFrom-Json
        $obj.PatientID | Should -Match '^PID'
        $obj.InstanceNumber | Should -Be 1
        $json | Should -Not -Match '"Preamble"'
        $json | Should -Not -Match '"(PSPath|File|Dataset|Elements|AllElements)"'
        # The navigation members still work, though JSON leaves them out.
        $ds = Get-DicomDataset -LiteralPath $inputs[0].FullName
        $ds.Elements.Count | Should -Be $ds.ElementCount
        $ds.FileMetaInformation['TransferSyntaxUID'] | Should -Not -BeNullOrEmpty
    }

    It 'converts a dataset whose sequences nest one level at the default depth without a warning' {
        $recipe = Join-Path $folder 'deid.flat'
        Set-Content -LiteralPath $recipe -Value "FORMAT dicom`n%header`nREMOVE RequestAttributesSequence"
        $out = Join-Path $folder 'flat'
        Invoke-DeidReplace -LiteralPath $inputs[0].FullName -Recipe $recipe -OutputFolder $out -WarningAction SilentlyContinue
        $json = Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name) | ConvertTo-Json -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -BeNullOrEmpty
        ($json | ConvertFrom-Json).ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Match '^2\.25\.'
        $json.Length | Should -BeLessThan 8000
    }

    It 'converts a dataset whose sequences nest two deep at the default depth: no warning, nothing cut' {
        # RequestAttributesSequence > ReferencedStudySequence: the inner item is at depth 4, past ConvertTo-Json's default 2.
        $ds = Get-DicomDataset -LiteralPath $inputs[0].FullName
        $json = $ds | ConvertTo-Json -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -BeNullOrEmpty
        $json | Should -Be ($ds | ConvertTo-Json -Depth 100)
        ($json | ConvertFrom-Json).RequestAttributesSequence[0].ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Be $ds.StudyInstanceUID
        ($ds | ConvertTo-Json -Compress) | Should -Be ($ds | ConvertTo-Json -Compress -Depth 100)
    }

    It 'converts every readable file of ../shared/data at the default depth as at -Depth 100, without a warning' {
        $files = @(Get-ChildItem (Join-Path $SharedData 'pydicom'), (Join-Path $SharedData 'deid-data') -Recurse -File |
            Where-Object { $_.Name -ne 'DICOMDIR' -and $_.Length -lt 4MB })
        $files.Count | Should -BeGreaterThan 100
        $converted = 0
        $cut = foreach ($f in $files) {
            $ds = Get-DicomDataset -LiteralPath $f.FullName -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            if (-not $ds) { continue }
            $converted++
            $w = $null
            $json = $ds | ConvertTo-Json -Compress -WarningVariable w -WarningAction SilentlyContinue
            if ($w -or $json -ne ($ds | ConvertTo-Json -Compress -Depth 100)) { $f.Name }
        }
        $converted | Should -BeGreaterThan 100
        $cut | Should -BeNullOrEmpty
    }

    It 'writes Pixel Data as its length and fragments and AT values as tag text, in JSON and in scripts' {
        $jpeg = Get-DicomDataset -LiteralPath (Join-Path $SharedData 'pydicom/test_files/JPGExtended.dcm')
        $jpeg.PixelData.FragmentCount | Should -BeGreaterThan 0
        $jpeg.FrameIncrementPointer | Should -Match '^\([0-9A-F]{4},[0-9A-F]{4}\)$'
        $obj = $jpeg | ConvertTo-Json | ConvertFrom-Json
        $obj.PixelData.Length | Should -Be $jpeg.PixelData.Length
        $obj.PixelData.FragmentCount | Should -Be $jpeg.PixelData.FragmentCount
        @($obj.FrameIncrementPointer) | Should -Be @($jpeg.FrameIncrementPointer)
        $native = Get-DicomDataset -LiteralPath $inputs[0].FullName
        $native.PixelData.Length | Should -Be ([int]$native.Rows * $native.Columns * $native.BitsAllocated / 8)
        $native.PixelData.FragmentCount | Should -BeNullOrEmpty
        ($native | Select-Object PixelData | ConvertTo-Csv)[1] | Should -Match 'bytes'
    }

    It 'keeps sequence items what they were for scripts: typed, indexable, one object, shown as a listing' {
        $ds = Get-DicomDataset -LiteralPath $inputs[0].FullName
        $item = $ds.RequestAttributesSequence[0]
        $item.GetType().FullName | Should -Be 'Deid.PowerShell.DicomSequenceItem'
        $item.PSObject.TypeNames[0] | Should -Be 'Deid.Inspection.DicomDatasetView'
        # By property, by keyword and by tag text, typed as on the dataset; several keys give several values.
        $item.ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Be $ds.StudyInstanceUID
        $item['ReferencedStudySequence'][0]['ReferencedSOPInstanceUID'] | Should -Be $ds.StudyInstanceUID
        $item['(0008,1110)'][0]['(0008,1155)'] | Should -Be $ds.StudyInstanceUID
        $item['RequestedProcedureID'] | Should -BeOfType [string]
        $ds['NoSuchKeyword'] | Should -BeNullOrEmpty
        $item['NoSuchKeyword'] | Should -BeNullOrEmpty -Because 'an item indexes as the dataset does'
        @($item['RequestedProcedureID', 'ScheduledProcedureStepID']).Count | Should -Be 2
        $ds.RequestAttributesSequence.RequestedProcedureID | Should -Be $item.RequestedProcedureID
        # One object in the pipeline, and its default view is the dcmdump-like listing of the item.
        @($item | ForEach-Object { $_ }).Count | Should -Be 1
        ($item | Out-String) | Should -Match '# \(0040,0275\)'
        ($item | Out-String) | Should -Match 'RequestedProcedureID'
        # Its properties are a dataset's (and the keywords), not a JSON token's.
        $names = $item.PSObject.Properties.Name
        $names | Should -Contain 'ItemPath'
        $names | Should -Contain 'RequestedProcedureID'
        $names | Should -Not -Contain 'First'
        $names | Should -Not -Contain 'Parent'
        # Export-Csv of items: the item's place, then each keyword once (a dictionary's keys and its notes would repeat them).
        $csv = @($ds.RequestAttributesSequence | ConvertTo-Csv)
        $header = ($csv[0] -split ',') -replace '"'
        $header[0..1] | Should -Be @('Path', 'ItemPath')
        @($header | Group-Object | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        $header | Should -Contain 'RequestedProcedureID'
        ($csv | ConvertFrom-Csv)[0].RequestedProcedureID | Should -Be $item.RequestedProcedureID
        $item.Count | Should -Be 1
        $item.Elements.Count | Should -Be $item.ElementCount
        $item.PSPath | Should -Be $ds.PSPath
    }

    It 'converts sequences nested 25 deep whole, and 40 deep without an error, saying where it stopped' {
        # The reader takes up to 64 nested sequences; ConvertTo-Json reads an item back with Newtonsoft's 64-level limit, so
        # past some 30 sequences below an item the rest is its path and a note, never an exception or a silent cut.
        foreach ($depth in 25, 40) {
            $file = [Deid.Dicom.DicomFile]::Open($inputs[0].FullName)
            $level = $file.Dataset
            for ($i = 0; $i -lt $depth; $i++) {
                $level = $level.GetOrAddSequence([Deid.Dicom.DicomTag]::new(0x0040, 0xA730)).AddItem()
                $level.SetString([Deid.Dicom.DicomTag]::new(0x0040, 0xA160), [Deid.Dicom.DicomVR]::UT, "level $i")
            }
            $path = Join-Path $folder "nested-$depth.dcm"
            $stream = [IO.File]::Create($path)
            try { [Deid.Dicom.DicomWriter]::Write($file, $stream) } finally { $stream.Dispose() }
            $w = $null
            $json = Get-DicomDataset -LiteralPath $path | ConvertTo-Json -Compress -WarningVariable w -WarningAction SilentlyContinue
            $w | Should -BeNullOrEmpty
            $written = [regex]::Matches($json, 'level \d+').Count
            if ($depth -eq 25) {
                $written | Should -Be 25
                $json | Should -Not -Match 'not written'
            }
            else {
                $written | Should -BeGreaterThan 25
                $written | Should -BeLessThan 40
                $json | Should -Match '__0 \(not written: nested too deep for ConvertTo-Json\)'
            }
        }
    }

    It 'keeps no copy of an item''s JSON once ConvertTo-Json has read it' {
        # A dataset kept in a variable must not grow by the JSON of every item it was ever converted with: the item's JSON
        # is held weakly, so a collection frees it. (White-box: the field is the item's own cache.)
        $ds = Get-DicomDataset -LiteralPath $inputs[0].FullName
        $item = $ds.RequestAttributesSequence[0]
        $field = $item.PSObject.BaseObject.GetType().GetField('_json', [Reflection.BindingFlags]'NonPublic,Instance')
        $field | Should -Not -BeNullOrEmpty
        $null = $ds | ConvertTo-Json
        $field.GetValue($item.PSObject.BaseObject) | Should -Not -BeNullOrEmpty -Because 'the conversion made the JSON'
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $made = $null
        $field.GetValue($item.PSObject.BaseObject).TryGetTarget([ref]$made) | Should -BeFalse
        ($ds | ConvertTo-Json | ConvertFrom-Json).RequestAttributesSequence[0].RequestedProcedureID | Should -Be $item.RequestedProcedureID -Because 'it is made again when read again'
    }

    It 'writes element rows and Compare-DicomDataset rows to JSON and CSV as rows, not the dataset behind them' {
        $ds = Get-DicomDataset -LiteralPath $inputs[0].FullName
        $rows = $ds.Elements
        # At the default depth: no warning. At any depth: bounded (the dataset was written into every row, and a tag's
        # private creator tag nested without end; -Depth 20 ran out of memory).
        $w = $null
        $json = $rows | ConvertTo-Json -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -BeNullOrEmpty
        ($rows | ConvertTo-Json -Depth 20).Length | Should -BeLessThan (3 * $json.Length)
        $back = $json | ConvertFrom-Json
        ($back | Where-Object Keyword -eq 'PatientID').Value | Should -Be $ds.PatientID
        ($back | Where-Object Keyword -eq 'PatientID').VR | Should -Be 'LO'
        ($back | Where-Object Keyword -eq 'InstanceNumber').Value | Should -Be 1
        $header = (($rows | ConvertTo-Csv)[0] -split ',') -replace '"'
        $header | Should -Not -Contain 'Dataset'
        $header | Should -Not -Contain 'Element'
        # The dataset and element stay reachable for scripts.
        $rows[0].Dataset.Count | Should -Be $ds.ElementCount
        $rows[0].Element.Tag | Should -Be $rows[0].Tag
        ($rows | Where-Object VR -eq 'PN').Keyword | Should -Contain 'PatientName'

        $out = Join-Path $folder 'rows-out'
        $result = Invoke-DeidReplace -LiteralPath $inputs[0].FullName -Recipe dicom -OutputFolder $out -PassThru -WarningAction SilentlyContinue
        $diff = Compare-DicomDataset $inputs[0].FullName $result.OutputPath
        $w = $null
        $diffJson = $diff | ConvertTo-Json -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -BeNullOrEmpty
        $diffJson | Should -Be ($diff | ConvertTo-Json -Depth 20)
    }

    It 'keeps an item''s place and values through Export-Clixml' {
        $ds = Get-DicomDataset -LiteralPath $inputs[0].FullName
        $xml = Join-Path $folder 'items.xml'
        $ds | Export-Clixml -LiteralPath $xml -Depth 6
        $back = (Import-Clixml -LiteralPath $xml).RequestAttributesSequence[0]
        $back.ItemPath | Should -Be $ds.RequestAttributesSequence[0].ItemPath
        $back.ElementCount | Should -Be $ds.RequestAttributesSequence[0].ElementCount
        $back.RequestedProcedureID | Should -Be $ds.RequestAttributesSequence[0].RequestedProcedureID
        $back.ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Be $ds.StudyInstanceUID
    }

    It 'gives <command> objects keyword properties of their own: once each, and in a runspace without the module too' -ForEach @(
        @{ command = 'Get-DicomDataset' }, @{ command = 'Get-DicomIdentifier' }
    ) {
        $objects = @($inputs | Select-Object -First 3 | & $command)
        @($objects[0].PSObject.Properties.Name | Group-Object | Where-Object Count -gt 1) | Should -BeNullOrEmpty
        $objects[0].PSObject.Properties['PatientID'].MemberType | Should -Be 'NoteProperty'
        # ForEach-Object -Parallel runs in runspaces that never imported Deid: the values must travel with the objects.
        ($objects | ForEach-Object -Parallel { $_.PatientID + '|' + $_.InstanceNumber }) | Should -Be ($objects | ForEach-Object { $_.PatientID + '|' + $_.InstanceNumber })
    }

    It 'writes Path first in Export-Csv, and no type names' {
        $csv = Join-Path $folder 'ids.csv'
        $inputs[0..2] | Get-DicomIdentifier | Export-Csv -LiteralPath $csv
        $lines = Get-Content -LiteralPath $csv
        $lines[0] | Should -BeLike '"Path",*'
        ($lines -join "`n") | Should -Not -Match 'System\.|Deid\.'
        $rows = Import-Csv -LiteralPath $csv
        $rows[0].Path | Should -Be $inputs[0].FullName
        $rows[0].ImagePositionPatient | Should -Match '\\'
        $rows[0].Fields | Should -Match '^\d+ fields$'
    }

    It 'brings a whole exported object back as a crosswalk row: its Variables column is read as its variables (QA 2026-12-07)' {
        $csv = Join-Path $folder 'whole.csv'
        $recipe = Join-Path $folder 'deid.whole-id'
        'FORMAT dicom', '%header', 'REPLACE PatientID var:id', 'REPLACE PatientName var:name', 'REPLACE StudyDescription var:zz', 'REPLACE StudyDate var:d' | Set-Content -LiteralPath $recipe
        $ids = @($inputs[0..1] | Get-DicomIdentifier)
        # A value holding "; id=" must not add a variable (QA: it overrode id), and a date must come back a date.
        foreach ($i in $ids) { $i.Variables.id = 'SUBJ-' + $i.PatientID; $i.Variables.name = 'Doe; Jr^X'; $i.Variables.zz = 'left; id=FAKE'; $i.Variables.d = [datetime]'2020-01-02' }
        $ids | Export-Csv -LiteralPath $csv
        $out = Join-Path $folder 'whole-out'
        $results = @(Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe $recipe -OutputFolder $out -PassThru -WarningVariable w -WarningAction SilentlyContinue)
        $results.Count | Should -Be 2
        @($w | Where-Object { "$_" -like '*not defined*' }) | Should -BeNullOrEmpty
        $copy = Get-DicomIdentifier -LiteralPath $results[0].OutputPath
        $copy.PatientID | Should -Be $ids[0].Variables.id
        $copy.PatientName | Should -Be 'Doe; Jr^X'
        $copy.StudyDescription | Should -Be 'left; id=FAKE'
        $copy.StudyDate | Should -Be '20200102'
        # A column of the user's own named Variables, in a CSV that is no identifier export, stays a variable of that name.
        $own = Join-Path $folder 'own.csv'
        [pscustomobject]@{ Path = $inputs[2].FullName; id = 'U1'; name = 'N'; zz = 'Z'; d = '20210101'; Variables = 'id=OVERRIDE' } | Export-Csv -LiteralPath $own
        $r = Import-Csv -LiteralPath $own | Invoke-DeidReplace -Recipe $recipe -OutputFolder (Join-Path $folder 'own-out') -PassThru -WarningAction SilentlyContinue
        (Get-DicomIdentifier -LiteralPath $r.OutputPath).PatientID | Should -Be 'U1'
    }

    It 'writes a dataset''s multi-valued text DICOM''s way in Export-Csv, and keeps it a list in a script (QA round 3: System.String[])' {
        $ds = Get-DicomDataset -LiteralPath $inputs[0].FullName -HeaderOnly
        $ds.ImageType[1] | Should -Be 'PRIMARY'
        $ds.ImageType -contains 'AXIAL' | Should -BeTrue
        $csv = Join-Path $folder 'dataset.csv'
        $ds | Export-Csv -LiteralPath $csv
        $row = Import-Csv -LiteralPath $csv
        $row.ImageType | Should -Be 'ORIGINAL\PRIMARY\AXIAL'
        (Get-Content -LiteralPath $csv -Raw) | Should -Not -Match 'System\.String'
    }

    It 'writes the lists on <command> objects as their items joined, not as type names, in Export-Csv' -ForEach @(
        @{ command = 'Invoke-DeidReplace -PassThru'; lists = 'Steps' }
        @{ command = 'Invoke-DeidReplace -CleanPixels -PassThru'; lists = 'Steps' }
        @{ command = 'Test-DicomBurnedPixel'; lists = 'Group', 'Label', 'Reason', 'Coordinates', 'Matches' }
        @{ command = 'Clear-DicomPixel -PassThru'; lists = 'Outputs', 'Regions' }
        @{ command = 'Get-DeidFilter'; lists = 'Criteria', 'Coordinates' }
        @{ command = 'Test-DeidOutput'; lists = 'Leaks' }
    ) {
        # Found by hand: Test-DicomBurnedPixel | Export-Csv (the triage list an administrator keeps) wrote System.String[] for
        # every group and label, Invoke-DeidReplace -PassThru the type of its request and steps.
        $work = Join-Path $folder ('lists-' + ($command -replace '\W', ''))
        $us = New-DicomSample -Path (Join-Path $work 'in') -Modality US -Count 2 -Seed 5 -LegibleText
        $objects = @(switch ($command) {
            'Invoke-DeidReplace -PassThru' { $us | Invoke-DeidReplace -Recipe dicom -OutputFolder (Join-Path $work 'out') -PassThru -CrosswalkPath (Join-Path $work 'x.csv') -WarningAction SilentlyContinue }
            'Invoke-DeidReplace -CleanPixels -PassThru' { $us | Invoke-DeidReplace -Recipe dicom.ultrasound -CleanPixels -OutputFolder (Join-Path $work 'out') -PassThru -WarningAction SilentlyContinue }
            'Test-DicomBurnedPixel' { $us | Test-DicomBurnedPixel -Recipe dicom.ultrasound }
            'Clear-DicomPixel -PassThru' { $us | Clear-DicomPixel -Recipe dicom.ultrasound -OutputFolder (Join-Path $work 'out') -PassThru }
            'Get-DeidFilter' { Get-DeidFilter -Recipe dicom.ultrasound }
            'Test-DeidOutput' {
                $leaky = Join-Path $work 'leaky.deid'
                Set-Content -LiteralPath $leaky -Value "FORMAT dicom`n%header`nREMOVE PatientID"
                $us | Invoke-DeidReplace -Recipe $leaky -OutputFolder (Join-Path $work 'out') -WarningAction SilentlyContinue
                Test-DeidOutput -OutputPath (Join-Path $work 'out') -OriginalPath (Join-Path $work 'in') -Recipe $leaky
            }
        })
        $objects.Count | Should -BeGreaterThan 0
        $text = ($objects | ConvertTo-Csv) -join "`n"
        $text | Should -Not -Match '(System|Deid)\.[A-Za-z.]+(`1)?[\[\]]'
        $text | Should -Not -Match '"(System|Deid)\.[A-Za-z.]+"'
        $row = ($objects | ConvertTo-Csv | ConvertFrom-Csv)[0]
        foreach ($list in $lists) {
            $items = @($objects[0].$list)
            $items.Count | Should -BeGreaterThan 0 -Because "$list should hold items for this test to mean something"
            $row.$list | Should -Be (($items | ForEach-Object { "$_" }) -join '; ')
            # Still a list in a script: indexes and counts as the array it replaced.
            "$($objects[0].$list[0])" | Should -Be "$($items[0])"
            $objects[0].$list.Length | Should -Be $items.Count
        }
    }
}

Describe '14. Views that fit 120 columns' {
    It 'keeps the Line column of Get-DeidAction' {
        $lines = Get-Lines (Get-DeidAction -Recipe (Get-DeidRecipe dicom) | Select-Object -First 20)
        $lines | Where-Object Length -gt 120 | Should -BeNullOrEmpty
        $lines[1] | Should -Match 'Action\s+Field\s+Keyword\s+Value\s+Source\s+Line'
        $lines[3] | Should -Match '\d+$'
    }

    It 'does not break words in Get-DeidFilter' {
        $rows = Get-DeidFilter -Recipe (Get-DeidRecipe dicom)
        $lines = Get-Lines $rows
        $lines | Where-Object Length -gt 120 | Should -BeNullOrEmpty
        $text = $lines -join ' '
        $text | Should -Match 'Coordinates'
        # Every word of every label appears whole in the table.
        foreach ($word in ($rows.Label -split '\s+' | Sort-Object -Unique)) { $text | Should -Match ([regex]::Escape($word)) }
    }

    It 'shows the identifying values in Get-DicomIdentifier''s table' {
        $ids = $inputs[0..1] | Get-DicomIdentifier
        $lines = Get-Lines $ids
        $lines | Where-Object Length -gt 120 | Should -BeNullOrEmpty
        $lines[1] | Should -Match 'File\s+PatientID\s+PatientName\s+BirthDate\s+Accession\s+StudyDate\s+Variables'
        ($lines -join "`n") | Should -Match ([regex]::Escape($ids[0].PatientID))
        ($lines -join "`n") | Should -Match ([regex]::Escape($ids[0].AccessionNumber))
    }

    It 'tells SE1/IM00001 from SE2/IM00001 in Invoke-DeidReplace -PassThru' {
        $tree = Join-Path $folder 'tree'
        foreach ($se in 'SE1', 'SE2') {
            New-Item -ItemType Directory -Path (Join-Path $tree $se) -Force | Out-Null
            Copy-Item -LiteralPath $inputs[0].FullName -Destination (Join-Path $tree "$se/IM00001")
        }
        $results = foreach ($se in 'SE1', 'SE2') {
            Invoke-DeidReplace -LiteralPath (Join-Path $tree "$se/IM00001") -OutputFolder (Join-Path $folder "out-$se") -PassThru -WarningAction SilentlyContinue
        }
        Push-Location $folder
        try { $lines = Get-Lines $results }
        finally { Pop-Location }
        $lines | Where-Object Length -gt 120 | Should -BeNullOrEmpty
        ($lines -join "`n") | Should -Match 'SE1[/\\]IM00001'
        ($lines -join "`n") | Should -Match 'SE2[/\\]IM00001'
    }
}

Describe 'Results piped on to the next step' {
    # QA 2026-12-06: `Invoke-DeidReplace -PassThru | Get-DicomDataset` bound the result's text ("in -> out: added 3, ...")
    # to -Path and failed; a review reads the copies.
    It 'reads the de-identified copy of an Invoke-DeidReplace result with <command>' -ForEach @(
        @{ command = 'Get-DicomDataset' }, @{ command = 'Get-DicomIdentifier' }, @{ command = 'Split-DeidWork'; extra = @{ ShardCount = 2 } }
    ) {
        $out = Join-Path $folder "piped-$command"
        $r = $inputs[0] | Invoke-DeidReplace -Recipe dicom -OutputFolder $out -PassThru -WarningAction SilentlyContinue
        $args2 = if ($extra) { $extra } else { @{} }
        $read = $r | & $command @args2
        $read.Path | Should -Be $r.OutputPath
    }

    It 'de-identifies the copies again, without taking the result''s columns for variables' {
        $r = $inputs[0..1] | Invoke-DeidReplace -Recipe dicom -OutputFolder (Join-Path $folder 'first-pass') -PassThru -WarningAction SilentlyContinue
        $again = $r | Invoke-DeidReplace -Recipe dicom.basic-profile -OutputFolder (Join-Path $folder 'second-pass') -PassThru -WarningVariable w -WarningAction SilentlyContinue
        $again.SourcePath | Should -Be @($r.OutputPath)
        @($w | Where-Object { "$_" -like '*written nowhere*' }) | Should -BeNullOrEmpty
    }

    It 'takes an object naming its file only by PSPath, and a result''s copy, in <command> (QA round 3)' -ForEach @(
        @{ command = 'Invoke-DeidReplace' }, @{ command = 'Clear-DicomPixel' }
    ) {
        $band = Join-Path $folder 'deid.band-objects'
        "FORMAT dicom`n`n%filter blacklist`n`nLABEL Band`n  present Rows`n  coordinates 0,0,16,8`n`n%header`nREMOVE PatientAddress`n" | Set-Content -LiteralPath $band
        $only = [pscustomobject]@{ PSPath = 'Microsoft.PowerShell.Core\FileSystem::' + $inputs[2].FullName }
        $r = $only | & $command -Recipe $band -OutputFolder (Join-Path $folder "pspath-$command") -PassThru -WarningAction SilentlyContinue -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs | Should -BeNullOrEmpty
        @($r).Count | Should -Be 1
        $copy = $inputs[3] | Invoke-DeidReplace -Recipe dicom -OutputFolder (Join-Path $folder "copy-for-$command") -PassThru -WarningAction SilentlyContinue
        $again = $copy | & $command -Recipe $band -OutputFolder (Join-Path $folder "from-result-$command") -PassThru -WarningAction SilentlyContinue -ErrorVariable errs2 -ErrorAction SilentlyContinue
        $errs2 | Should -BeNullOrEmpty
        $again.SourcePath | Should -Be $copy.OutputPath
    }

    It 'keeps the output''s provider path hidden from Format-List * and Export-Csv' {
        $r = $inputs[0] | Invoke-DeidReplace -Recipe dicom -OutputFolder (Join-Path $folder 'hidden-provider-path') -PassThru -WarningAction SilentlyContinue
        $r.PSPath | Should -Be ('Microsoft.PowerShell.Core\FileSystem::' + $r.OutputPath)
        ($r | Format-List * | Out-String) | Should -Not -Match 'PSPath'
        ($r | ConvertTo-Csv)[0] | Should -Not -Match 'PSPath'
    }
}

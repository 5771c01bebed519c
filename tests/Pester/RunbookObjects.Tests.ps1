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
}

Describe '14. Views that fit 120 columns' {
    It 'keeps the Line column of Get-DeidAction' {
        $lines = Get-Lines (Get-DeidAction -Recipe (Get-DeidRecipe dicom) | Select-Object -First 20)
        $lines | Where-Object Length -gt 120 | Should -BeNullOrEmpty
        $lines[1] | Should -Match 'Action\s+Field\s+Value\s+Source\s+Line'
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

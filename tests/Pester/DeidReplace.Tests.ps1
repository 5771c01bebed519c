BeforeDiscovery {
    $script:HasShared = Test-Path (Join-Path $PSScriptRoot '../../../shared/data')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:inputs = New-DicomSample -Path (Join-Path $folder 'in') -Count 4 -Modality US -Seed 21 -InstancesPerSeries 2
    $script:tutorial = Join-Path $folder 'deid.tutorial'
    @'
FORMAT dicom

%header

ADD PatientIdentityRemoved YES
REPLACE PatientID var:id
REPLACE SOPInstanceUID var:source_id
'@ | Set-Content -LiteralPath $tutorial
    function Out-Folder([string]$name) { Join-Path $script:folder $name }
}

AfterAll {
    Get-ChildItem $script:folder -Recurse -File | ForEach-Object { $_.IsReadOnly = $false }
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-DicomIdentifier' {
    It 'returns one object per file with deid-style field keys, nested ones included' {
        $ids = Get-ChildItem $inputs[0].DirectoryName -Filter *.dcm | Get-DicomIdentifier
        $ids.Count | Should -Be 4
        $ids[0].Fields.Contains('(0010,0020)') | Should -BeTrue
        $ids[0].Fields.Contains('(0040,0275)__0__(0008,1110)__0__(0008,1155)') | Should -BeTrue
        $ids[0].Fields['(0010,0020)'].Keyword | Should -Be 'PatientID'
        $ids[0].Fields['(0010,0020)'].Value | Should -Match '^PID'
        $ids[0].Fields.Contains('(7FE0,0010)') | Should -BeFalse
        $ids[0].Variables.Count | Should -Be 0
    }

    It 'is also available under the plural name of the tutorial' {
        (Get-DicomIdentifiers -LiteralPath $inputs[0].FullName).Path | Should -Be $inputs[0].FullName
    }

    It 'exposes top-level keywords as properties for Select-Object and Export-Csv' {
        $csv = Join-Path $folder 'ids.csv'
        Get-DicomIdentifier -LiteralPath $inputs[0].FullName | Select-Object Path, PatientID, StudyInstanceUID | Export-Csv -LiteralPath $csv -NoTypeInformation
        $row = Import-Csv -LiteralPath $csv
        $row.PatientID | Should -Match '^PID\d+'
        $row.StudyInstanceUID | Should -Match '^2\.25\.'
    }

    It 'converts to readable JSON' {
        $json = Get-DicomIdentifier -LiteralPath $inputs[0].FullName | ConvertTo-Json -Depth 3
        $json | Should -Match '"PatientID":\s*"PID'
        $json | Should -Match '"\(0010,0020\)"'
    }

    It 'leaves out sequence contents with -TopLevelOnly and private elements with -SkipPrivate' {
        $ids = Get-DicomIdentifier -LiteralPath $inputs[0].FullName -TopLevelOnly -SkipPrivate
        @($ids.Fields.Keys | Where-Object { $_ -like '*__*' }).Count | Should -Be 0
        $ids.Fields.Contains('(0009,1001)') | Should -BeFalse
    }

    It 'previews a recipe''s values groups' {
        $r = Join-Path $folder 'deid.groups'
        "FORMAT dicom`n%values names`nSPLIT PatientName by=`"^`";minlength=3`n%header`nREPLACE values:names var:x" | Set-Content -LiteralPath $r
        $ids = Get-DicomIdentifier -LiteralPath $inputs[0].FullName -Recipe $r
        $name = (Get-DicomDataset -LiteralPath $inputs[0].FullName).PatientName
        $ids.Values['names'] | Should -Contain ($name -split '\^')[0]
    }

    It 'gives an error record for a non-DICOM file and goes on' {
        $bad = Join-Path $folder 'bad.dcm'
        Set-Content -LiteralPath $bad -Value 'plain text'
        $out = @($bad, $inputs[1].FullName) | ForEach-Object { Get-Item -LiteralPath $_ } | Get-DicomIdentifier -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errs[0].TargetObject | Should -Be $bad
        Remove-Item -LiteralPath $bad
    }
}

Describe 'Invoke-DeidReplace' {
    It 'runs the tutorial pipeline: extract, edit in PowerShell, replace' {
        $ids = $inputs | Get-DicomIdentifier
        $n = 0
        foreach ($i in $ids) { $i.Variables.id = 'cookiemonster'; $i.Variables.source_id = "cookiemonster-image-$n"; $n++ }
        $out = Out-Folder 'tutorial'
        $results = $ids | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -PassThru
        $results.Count | Should -Be 4
        $results | ForEach-Object { $_.Added | Should -Be 1; $_.Replaced | Should -Be 2 }
        $ds = Get-DicomDataset -LiteralPath (Join-Path $out $inputs[2].Name)
        $ds.PatientID | Should -Be 'cookiemonster'
        $ds.SOPInstanceUID | Should -Be 'cookiemonster-image-2'
        $ds.PatientIdentityRemoved | Should -Be 'YES'
        $ds.FileMetaInformation['MediaStorageSOPInstanceUID'] | Should -Be 'cookiemonster-image-2'
    }

    It 'warns, once per keyword, that a keyword property changed on an identifier object is not written' {
        $ids = $inputs | Get-DicomIdentifier
        $original = $ids[0].PatientName
        $ids[0].PatientName = 'ANON'
        $ids[2].PatientName = 'ANON2'
        $ids[3].PatientID = 'NEW'
        # Put back as read: not an edit. Nor is a change of the Path (it names the file to read) or of the Variables.
        $ids[1].Rows = $ids[1].Rows
        $ids[1].StudyDate = [string]$ids[1].StudyDate
        foreach ($i in $ids) { $i.Variables.id = 'X'; $i.Variables.source_id = '1.2.3' }
        $out = Out-Folder 'edited-keywords'
        $ids | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -WarningVariable all -WarningAction SilentlyContinue
        $w = Get-OtherWarning $all
        $w.Count | Should -Be 2
        "$($w[0])" | Should -BeLike "$($inputs[0].FullName): PatientName was changed on its Get-DicomIdentifier object*REPLACE PatientName var:newPatientName*"
        "$($w[1])" | Should -BeLike "$($inputs[3].FullName): PatientID was changed*"
        # The recipe leaves Patient's Name alone: the copy keeps the file's, whatever the object says.
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)).PatientName | Should -Be $original
        # A fresh command reports again; objects read again are not edited.
        $ids[0] | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Force -WarningVariable w2 -WarningAction SilentlyContinue
        (Get-OtherWarning $w2).Count | Should -Be 1
        $inputs | Get-DicomIdentifier | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Force -Variables @{ id = 'X'; source_id = '1.2.3' } -WarningVariable w3 -WarningAction SilentlyContinue
        (Get-OtherWarning $w3).Count | Should -Be 0
    }

    It 'warns in the same way about a keyword property changed on a Get-DicomDataset object' {
        $ds = $inputs[0..1] | Get-DicomDataset
        $name = $ds[0].PatientName
        $ds[0].PatientName = 'ANON'
        $ds[1].PatientName = $ds[1].PatientName
        $out = Out-Folder 'edited-dataset'
        $ds | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'X'; source_id = '1.2.3' } -WarningVariable all -WarningAction SilentlyContinue
        $w = Get-OtherWarning $all
        $w.Count | Should -Be 1
        "$($w[0])" | Should -BeLike "$($inputs[0].FullName): PatientName was changed on its Get-DicomDataset object*-Variables @{ newPatientName = '...' }*"
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)).PatientName | Should -Be $name
    }

    It 'warns, once, that an edited keyword column of an exported crosswalk is not written; an unedited export is quiet' {
        $csv = Join-Path $folder 'ids-export.csv'
        $inputs | Get-DicomIdentifier | Select-Object *, @{ n = 'id'; e = { 'SUBJ' } }, @{ n = 'source_id'; e = { '1.2.3' } } -ExcludeProperty Fields, Variables, Values, FieldGroups |
            Export-Csv -LiteralPath $csv -NoTypeInformation
        $out = Out-Folder 'crosswalk-unedited'
        Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -WarningVariable all -WarningAction SilentlyContinue
        (Get-OtherWarning $all).Count | Should -Be 0
        $rows = Import-Csv -LiteralPath $csv
        $rows[1].PatientName = 'EDITED^NAME'
        $rows[2].PatientName = 'EDITED^AGAIN'
        $original = (Get-DicomDataset -LiteralPath $inputs[1].FullName).PatientName
        $out = Out-Folder 'crosswalk-edited'
        $rows | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -WarningVariable all -WarningAction SilentlyContinue
        $w = Get-OtherWarning $all
        $w.Count | Should -Be 1
        # Once a batch, on the first edited row in input order, however the parallel workers are scheduled.
        "$($w[0])" | Should -BeLike "$($inputs[1].FullName): the variable 'PatientName' (a crosswalk column or -Variables) differs from this file's PatientName, but the recipe names no var:PatientName*REPLACE PatientName var:PatientName*"
        "$($w[0])" | Should -Not -BeLike "*EDITED*"
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[1].Name)).PatientName | Should -Be $original
    }

    It 'names the edited column of an exported crosswalk given to a shipped recipe (which names no var:), first and with its line' {
        $csv = Join-Path $folder 'ids-export-shipped.csv'
        $inputs | Get-DicomIdentifier | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = Import-Csv -LiteralPath $csv
        # The second row edited: the batch's first file says nothing of PatientID, the edit is still named.
        $rows[1].PatientID = 'SUBJ-2'
        $out = Out-Folder 'crosswalk-shipped'
        $rows | Invoke-DeidReplace -Recipe dicom -OutputFolder $out -WarningVariable all -WarningAction SilentlyContinue
        $none = @($all | Where-Object { "$_" -match 'names no var: or func:' })
        $none.Count | Should -Be 1
        $edit = @($all | Where-Object { "$_" -match "the variable 'PatientID'" })
        $edit.Count | Should -Be 1
        "$($edit[0])" | Should -BeLike "$($inputs[1].FullName): *REPLACE PatientID var:PatientID*"
        "$($edit[0])" | Should -Not -BeLike '*SUBJ-2*'
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[1].Name)).PatientID | Should -Not -Be 'SUBJ-2'
        # Edited in the first row, the column leads the batch's list of unwritten variables.
        $rows[0].PatientID = 'SUBJ-1'
        $rows | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'crosswalk-shipped-first') -WarningVariable all2 -WarningAction SilentlyContinue
        "$(@($all2 | Where-Object { "$_" -match 'names no var: or func:' })[0])" | Should -BeLike '*the variables given (PatientID, SpecificCharacterSet, *) are written nowhere*'
    }

    It 'warns once a batch that a file declaring burned-in annotation is copied with its pixels, unless -CleanPixels' {
        # New-DicomSample's ultrasound files declare Burned In Annotation YES: their text band holds the patient's name.
        (Get-DicomDataset -LiteralPath $inputs[0].FullName).BurnedInAnnotation | Should -Be 'YES'
        $out = Out-Folder 'burned-in-kept'
        $r = $inputs | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'X'; source_id = '1.2.3' } -PassThru -WarningVariable w -WarningAction SilentlyContinue
        $mine = @($w | Where-Object { "$_" -match 'declares burned-in annotation' })
        $mine.Count | Should -Be 1
        "$($mine[0])" | Should -BeLike "*: the file declares burned-in annotation (Burned In Annotation YES) and its pixels are copied as they are*-CleanPixels*Test-DicomBurnedPixel*"
        @($r.Warnings | Where-Object Kind -EQ 'BurnedInAnnotationKept').Count | Should -Be 1
        $r.Succeeded | Should -Not -Contain $false
        # A dry run says it too; with -CleanPixels the pixel step speaks for itself.
        $inputs | Invoke-DeidReplace -Recipe $tutorial -OutputFolder (Out-Folder 'burned-in-dry') -Variables @{ id = 'X'; source_id = '1.2.3' } -WhatIf -WarningVariable w2 -WarningAction SilentlyContinue 6>$null
        @($w2 | Where-Object { "$_" -match 'declares burned-in annotation' }).Count | Should -Be 1
        $inputs | Invoke-DeidReplace -Recipe dicom.ultrasound -CleanPixels -OutputFolder (Out-Folder 'burned-in-cleaned') -WarningVariable w3 -WarningAction SilentlyContinue
        @($w3 | Where-Object { "$_" -match 'declares burned-in annotation' }).Count | Should -Be 0
        # -CleanPixels with a recipe whose filters flag nothing here: the pixels are copied, and that is said too.
        $inputs | Invoke-DeidReplace -Recipe $tutorial -CleanPixels -Variables @{ id = 'X'; source_id = '1.2.3' } -OutputFolder (Out-Folder 'burned-in-unflagged') -WarningVariable w4 -WarningAction SilentlyContinue
        $notice = @($w4 | Where-Object { "$_" -match 'declares burned-in annotation' })
        $notice.Count | Should -Be 1
        "$($notice[0])" | Should -BeLike '*nothing flagged its pixels for cleaning*filter label*'
    }

    It 'says once that variables go nowhere when the recipe names none (the tutorial''s ids given to a shipped recipe)' {
        $ids = $inputs | Get-DicomIdentifier
        foreach ($i in $ids) { $i.Variables.id = 'cookiemonster' }
        $ids | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'vars-unnamed') -WarningVariable w -WarningAction SilentlyContinue
        $mine = @($w | Where-Object { "$_" -match 'names no var: or func:' })
        $mine.Count | Should -Be 1
        "$($mine[0])" | Should -BeLike "*the variables given (id) are written nowhere*REPLACE PatientID var:id*"
        $ids | Invoke-DeidReplace -Recipe $tutorial -Variables @{ source_id = '1.2.3' } -OutputFolder (Out-Folder 'vars-named') -WarningVariable w2 -WarningAction SilentlyContinue
        @($w2 | Where-Object { "$_" -match 'names no var: or func:' }).Count | Should -Be 0
    }

    # The hint runs as written: a tab is "`t" in double quotes ('`t' is two characters, which -Delimiter refuses; QA).
    It 'says how to read a crosswalk saved with another delimiter (<name>)' -ForEach @(@{ name = 'semicolon'; d = ';'; shown = "';'" }, @{ name = 'tab'; d = "`t"; shown = '"`t"' }) {
        $csv = Join-Path $folder "crosswalk-$name.csv"
        "Path${d}id", "$($inputs[0].FullName)${d}SUBJ" | Set-Content -LiteralPath $csv
        $r = Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe $tutorial -OutputFolder (Out-Folder "delim-$name") -ErrorVariable errs -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NoPath,*'
        "$($errs[0])".EndsWith("looks like a whole header line: read the file with Import-Csv -Delimiter $shown.") | Should -BeTrue
        # Run exactly as the hint says.
        $hinted = Invoke-Expression "Import-Csv -LiteralPath '$csv' -Delimiter $shown"
        $hinted[0].id | Should -Be 'SUBJ'
        Import-Csv -LiteralPath $csv -Delimiter $d | Invoke-DeidReplace -Recipe $tutorial -Variables @{ source_id = '1.2.3' } -OutputFolder (Out-Folder "delim-$name") -PassThru |
            ForEach-Object Written | Should -BeTrue
    }

    It 'warns once that a dataset changed in memory through GetDataset() is not what the copy is made from' {
        $ds = @($inputs[0..1] | Get-DicomDataset)
        $name = $ds[0].PatientName
        $ds[0].GetDataset().SetString([Deid.Dicom.DicomTag]::new(0x0010, 0x0010), [Deid.Dicom.DicomVR]::PN, 'EDITED^NAME')
        $ds[1].GetDataset().SetString([Deid.Dicom.DicomTag]::new(0x0010, 0x0010), [Deid.Dicom.DicomVR]::PN, 'EDITED^AGAIN')
        $out = Out-Folder 'modified-dataset'
        $ds | Invoke-DeidReplace -Recipe $tutorial -Variables @{ id = 'X'; source_id = '1.2.3' } -OutputFolder $out -WarningVariable w -WarningAction SilentlyContinue
        $mine = @($w | Where-Object { "$_" -match 'changed in memory' })
        $mine.Count | Should -Be 1
        "$($mine[0])" | Should -BeLike "$($inputs[0].FullName): its Get-DicomDataset object was changed in memory (GetDataset()), but the copy is made from the file*"
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)).PatientName | Should -Be $name
        # Unchanged datasets say nothing.
        $inputs[0..1] | Get-DicomDataset | Invoke-DeidReplace -Recipe $tutorial -Variables @{ id = 'X'; source_id = '1.2.3' } -OutputFolder (Out-Folder 'unmodified-dataset') -WarningVariable w2 -WarningAction SilentlyContinue
        @($w2 | Where-Object { "$_" -match 'changed in memory' }).Count | Should -Be 0
    }

    It 'takes a CSV crosswalk: the Path column finds the file, the other columns are variables' {
        $csv = Join-Path $folder 'crosswalk.csv'
        $k = 0
        $inputs | ForEach-Object { [pscustomobject]@{ Path = $_.FullName; id = "SUBJ-$k"; source_id = "1.2.3.$k" }; $k++ } | Export-Csv -LiteralPath $csv -NoTypeInformation
        $out = Out-Folder 'crosswalk'
        Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[3].Name)).PatientID | Should -Be 'SUBJ-3'
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[3].Name)).SOPInstanceUID | Should -Be '1.2.3.3'
    }

    It 'applies -Variables to every file, per-file variables winning' {
        $out = Out-Folder 'vars'
        $ids = $inputs[0..1] | Get-DicomIdentifier
        $ids[1].Variables.id = 'OWN'
        $ids | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'ALL'; source_id = '9.9' } -WarningAction SilentlyContinue
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)).PatientID | Should -Be 'ALL'
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[1].Name)).PatientID | Should -Be 'OWN'
    }

    It 'warns about a missing variable, naming file and field, and leaves the element' {
        $out = Out-Folder 'missing'
        $inputs[0] | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -WarningVariable w -WarningAction SilentlyContinue
        ($w | Where-Object { $_ -match "variable 'id'" -and $_ -match [regex]::Escape($inputs[0].FullName) }).Count | Should -BeGreaterThan 0
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)).PatientID | Should -Be (Get-DicomDataset -LiteralPath $inputs[0].FullName).PatientID
    }

    It 'takes variables of the types scripts and databases give, and refuses objects that are no value (QA: a DBNull or a [char] stopped the batch)' {
        $recipe = Join-Path $folder 'deid.typed'
        "FORMAT dicom`n%header`nREPLACE PatientID var:v`nJITTER StudyDate var:days" | Set-Content -LiteralPath $recipe
        $original = Get-DicomDataset -LiteralPath $inputs[0].FullName
        $names = Join-Path $folder 'names.txt'
        'ALPHA', 'BETA' | Set-Content -LiteralPath $names
        $cases = @(
            @{ n = 'lines'; v = (Get-Content -LiteralPath $names); days = [char]'5'; id = 'ALPHA\BETA'; shifted = $true }
            @{ n = 'numbers'; v = (1..3 | ForEach-Object { $_ * 2 }); days = [DBNull]::Value; id = '2\4\6'; shifted = $false }
            @{ n = 'dbnull'; v = [DBNull]::Value; days = 5; id = $original.PatientID; shifted = $true }
            @{ n = 'objects'; v = @([pscustomobject]@{ a = 1 }, [pscustomobject]@{ b = 2 }); days = 5; id = $original.PatientID; shifted = $true }
            @{ n = 'table'; v = @{ a = 1 }; days = 5; id = $original.PatientID; shifted = $true }
        )
        foreach ($case in $cases) {
            $out = Out-Folder "typed-$($case.n)"
            $r = Invoke-DeidReplace -LiteralPath $inputs[0].FullName -Recipe $recipe -OutputFolder $out -Variables @{ v = $case.v; days = $case.days } -PassThru -WarningVariable w -WarningAction SilentlyContinue -ErrorAction Stop
            $r.Written | Should -BeTrue -Because $case.n
            $ds = Get-DicomDataset -LiteralPath $r.OutputPath
            (@($ds.PatientID) -join '\') | Should -BeExactly $case.id -Because $case.n
            ($ds.StudyDate -ne $original.StudyDate) | Should -Be $case.shifted -Because $case.n
            @($w | Where-Object { "$_" -match 'Deid\.Actions|System\.Object|@\{' }).Count | Should -Be 0 -Because $case.n
        }
        $w = $null
        $null = Invoke-DeidReplace -LiteralPath $inputs[0].FullName -Recipe $recipe -OutputFolder (Out-Folder 'typed-warn') -Variables @{ v = @([pscustomobject]@{ a = 1 }); days = 5 } -WarningVariable w -WarningAction SilentlyContinue
        @($w | Where-Object { "$_" -like "*variable 'v' of *holds a list holding an object of type PSCustomObject*PatientID left unchanged*" }).Count | Should -Be 1
    }

    It 'writes nothing with -WhatIf' {
        $out = Out-Folder 'whatif'
        $inputs | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'x'; source_id = 'y' } -WhatIf
        Test-Path $out | Should -BeFalse
    }

    It 'says with -WhatIf and no -OutputFolder which folder it would write to, and makes none (QA 2026-12-07)' {
        $inputs[0] | Invoke-DeidReplace -Recipe $tutorial -Variables @{ id = 'x'; source_id = 'y' } -WhatIf -WarningVariable w -WarningAction SilentlyContinue 6>$null
        $said = @($w | Where-Object { "$_" -like 'No -OutputFolder given*' })
        $said.Count | Should -Be 1
        "$($said[0])" | Should -BeLike 'No -OutputFolder given: would write to *'
        Test-Path ("$($said[0])" -replace '^No -OutputFolder given: would write to ', '') | Should -BeFalse
    }

    It 'returns a result per file with -WhatIf -PassThru: Written false, counts as a real run''s' {
        $vars = @{ id = 'x'; source_id = 'y' }
        $real = $inputs | Invoke-DeidReplace -Recipe $tutorial -OutputFolder (Out-Folder 'whatif-real') -Variables $vars -PassThru
        $out = Out-Folder 'whatif-passthru'
        $dry = $inputs | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables $vars -PassThru -WhatIf
        Test-Path $out | Should -BeFalse
        $dry.Count | Should -Be $inputs.Count
        for ($i = 0; $i -lt $dry.Count; $i++) {
            $dry[$i].SourcePath | Should -Be $inputs[$i].FullName
            $dry[$i].Written | Should -BeFalse
            $real[$i].Written | Should -BeTrue
            foreach ($count in 'Added', 'Replaced', 'Removed', 'Blanked', 'Jittered') {
                $dry[$i].$count | Should -Be $real[$i].$count -Because "$count of $($inputs[$i].Name)"
            }
        }
    }

    It 'shows the results as a table whose counts and output path fit an 80-column console, and more of the path at 120' {
        $out = Out-Folder 'table-width'
        $results = $inputs[0..1] | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'x'; source_id = 'y' } -PassThru
        # An 80-column console host writes 79 (its last column stays empty), as Out-String -Width 79 does.
        $narrow = ($results | Format-Table | Out-String -Width 79) -split "`r?`n" | Where-Object { $_.Trim() }
        $narrow[0] | Should -Match '^Source\s+Added\s+Replaced\s+Removed\s+Blanked\s+Jittered(\s|$)'
        @($narrow | Where-Object { $_ -match '^\S.*\s1\s+2\s+0\s+0\s+0(\s|$)' }).Count | Should -Be 2
        $wide = ($results | Format-Table | Out-String -Width 120) -split "`r?`n" | Where-Object { $_.Trim() }
        $wide[0] | Should -Match 'Jittered\s+OutputPath\s*$'
        @($wide | Where-Object { $_ -like '*table-width*' }).Count | Should -Be 2
        # At 80 OutputPath has 19 columns: a longer path wraps onto the next line rather than losing its file name.
        @($narrow | Where-Object { $_ -like '*table-width*' }).Count | Should -Be 2
        @($narrow | Where-Object { $_ -match '^\s+\S' }).Count | Should -Be 2
        @($wide | Where-Object { $_ -like '*table-width/US-000?.dcm' }).Count | Should -Be 2
    }

    It 'shows each file''s counts with -WhatIf -Verbose' {
        $out = Out-Folder 'whatif-verbose'
        $verbose = $inputs[0..1] | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'x'; source_id = 'y' } -WhatIf -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        foreach ($f in $inputs[0..1]) {
            @($verbose | Where-Object { $_ -like "$($f.FullName) -> *would add 1, replace 2, remove 0, blank 0, jitter 0" }).Count | Should -Be 1
        }
        Test-Path $out | Should -BeFalse
    }

    It 'writes nothing with $WhatIfPreference set' {
        $out = Out-Folder 'whatif-preference'
        $WhatIfPreference = $true
        try { $inputs | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'x'; source_id = 'y' } }
        finally { $WhatIfPreference = $false }
        Test-Path $out | Should -BeFalse
    }

    It 'runs a func: ScriptBlock once per file under -WhatIf' {
        'FORMAT dicom', '%header', 'REPLACE PatientID func:count' | Set-Content -LiteralPath (Join-Path $folder 'deid.count')
        $script:calls = 0
        $inputs | Invoke-DeidReplace -Recipe (Join-Path $folder 'deid.count') -OutputFolder (Out-Folder 'whatif-func') -WhatIf `
            -Variables @{ count = { $script:calls++; 'P' } }
        $script:calls | Should -Be $inputs.Count
    }

    It 'calls a deid-style func: (param $item, $value, $field, $dicom) by name, with the file''s variables as $item (QA: migrating from deid)' {
        'FORMAT dicom', '%header', 'REPLACE PatientID func:from_item', 'REPLACE PatientName func:describe' | Set-Content -LiteralPath (Join-Path $folder 'deid.deidstyle')
        # As written for deid: item['id'] is the file's own variable; value is the recipe's text; field the element.
        $fromItem = { param($item, $value, $field, $dicom) 'P-' + $item['id'] }
        $describe = { param($dicom, $field, $value) "$value|$($field.Keyword)|$($dicom.Modality)" }
        $rows = @($inputs[0..1] | ForEach-Object -Begin { $n = 0 } -Process { $n++; [pscustomobject]@{ Path = $_.FullName; id = "SUBJ-$n" } })
        $out = Out-Folder 'deid-style'
        $rows | Invoke-DeidReplace -Recipe (Join-Path $folder 'deid.deidstyle') -OutputFolder $out -Variables @{ from_item = $fromItem; describe = $describe } -WarningAction SilentlyContinue
        $first = Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)
        $first.PatientID | Should -Be 'P-SUBJ-1'
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[1].Name)).PatientID | Should -Be 'P-SUBJ-2'
        "$($first.PatientName)" | Should -Be 'func:describe|PatientName|US'
        # A function's script block (its parameters after its name) is called the same way (review: it was called positionally).
        function Get-FromItem($item, $value, $field, $dicom) { 'F-' + $item['id'] }
        $out3 = Out-Folder 'deid-style-function'
        $rows[0] | Invoke-DeidReplace -Recipe (Join-Path $folder 'deid.deidstyle') -OutputFolder $out3 -Variables @{ from_item = ${function:Get-FromItem}; describe = $describe } -WarningAction SilentlyContinue
        (Get-DicomDataset -LiteralPath (Join-Path $out3 $inputs[0].Name)).PatientID | Should -Be 'F-SUBJ-1'
        # The module's own positional form is unchanged: element, current value, field name, dataset.
        'FORMAT dicom', '%header', 'REPLACE PatientID func:positional' | Set-Content -LiteralPath (Join-Path $folder 'deid.positional')
        $positional = { param($element, $current, $name, $dataset) "$name|$current" }
        $out2 = Out-Folder 'positional-func'
        Invoke-DeidReplace -LiteralPath $inputs[0].FullName -Recipe (Join-Path $folder 'deid.positional') -OutputFolder $out2 -Variables @{ positional = $positional } -WarningAction SilentlyContinue
        $original = (Get-DicomDataset -LiteralPath $inputs[0].FullName).PatientID
        (Get-DicomDataset -LiteralPath (Join-Path $out2 $inputs[0].Name)).PatientID | Should -Be "PatientID|$original"
    }

    It 'takes a positional -Path with wildcards' {
        $out = Out-Folder 'positional'
        $r = Invoke-DeidReplace (Join-Path $inputs[0].DirectoryName '*.dcm') -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'x'; source_id = 'y' } -PassThru
        @($r).Count | Should -Be $inputs.Count
        @(Get-ChildItem $out -Filter *.dcm).Count | Should -Be $inputs.Count
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[1].Name)).PatientID | Should -Be 'x'
    }

    It 'takes -LiteralPath, brackets and all' {
        $dir = Out-Folder 'literal-in'
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        $odd = Join-Path $dir 'a[1].dcm'
        Copy-Item -LiteralPath $inputs[0].FullName -Destination $odd
        $out = Out-Folder 'literal-out'
        $r = Invoke-DeidReplace -LiteralPath $odd -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'x'; source_id = 'y' } -PassThru
        $r.Written | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $out 'a[1].dcm') | Should -BeTrue
    }

    It 'binds piped strings, files and Get-DicomIdentifier results to -InputObject, not -Path' {
        $cmd = Get-Command Invoke-DeidReplace
        $cmd.DefaultParameterSet | Should -Be 'InputObject'
        $cmd.Parameters.InputObject.ParameterSets.InputObject.Position | Should -BeLessThan 0
        $cmd.Parameters.Path.ParameterSets.Path.Position | Should -Be 0
        # A piped string naming an existing file is used literally, where -Path would read '[1]' as a wildcard and find nothing.
        $dir = Out-Folder 'piped-in'
        New-Item -ItemType Directory -Path $dir -Force | Out-Null
        $odd = Join-Path $dir 'a[1].dcm'
        Copy-Item -LiteralPath $inputs[0].FullName -Destination $odd
        $r = $odd | Invoke-DeidReplace -Recipe $tutorial -OutputFolder (Out-Folder 'piped-literal') -Variables @{ id = 'x'; source_id = 'y' } -PassThru
        $r.Written | Should -BeTrue
    }

    It 'never changes a read-only input' {
        $ro = Join-Path (Out-Folder 'ro-in') 'ro.dcm'
        New-Item -ItemType Directory -Path (Split-Path $ro) | Out-Null
        Copy-Item -LiteralPath $inputs[0].FullName -Destination $ro
        (Get-Item -LiteralPath $ro).IsReadOnly = $true
        $hash = (Get-FileHash -LiteralPath $ro).Hash
        Get-Item -LiteralPath $ro | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'ro-out') -WarningAction SilentlyContinue
        (Get-FileHash -LiteralPath $ro).Hash | Should -Be $hash
        Test-Path (Join-Path (Out-Folder 'ro-out') 'ro.dcm') | Should -BeTrue
    }

    It 'refuses to overwrite an existing output without -Force, and replaces it with -Force' {
        $out = Out-Folder 'force'
        $vars = @{ id = 'A'; source_id = '1.1' }
        $inputs[0] | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables $vars
        $target = Join-Path $out $inputs[0].Name
        $hash = (Get-FileHash $target).Hash
        $inputs[0] | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'B'; source_id = '1.2' } -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        (Get-FileHash $target).Hash | Should -Be $hash
        $inputs[0] | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'B'; source_id = '1.2' } -Force
        (Get-DicomDataset -LiteralPath $target).PatientID | Should -Be 'B'
    }

    It 'removes the hidden temporary output a killed run left in the folder an hour ago, and none that is being written' {
        $out = Out-Folder 'killed'
        New-Item -ItemType Directory -Path $out | Out-Null
        $stale = Join-Path $out ".$($inputs[1].Name).0123456789ab.tmp"
        $fresh = Join-Path $out '.other.dcm.0123456789ab.tmp'
        Set-Content -LiteralPath $stale -Value 'half a copy' -NoNewline
        (Get-Item -LiteralPath $stale -Force).LastWriteTimeUtc = [datetime]::UtcNow.AddHours(-2)
        Set-Content -LiteralPath $fresh -Value 'another run, writing' -NoNewline
        $inputs[1] | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'K'; source_id = '1.9' } -WhatIf
        Test-Path -LiteralPath $stale | Should -BeTrue -Because '-WhatIf writes nothing and removes nothing'
        $inputs[1] | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'K'; source_id = '1.9' }
        Test-Path -LiteralPath $stale | Should -BeFalse
        Test-Path -LiteralPath $fresh | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $out $inputs[1].Name) | Should -BeTrue
    }

    It 'never lets two inputs with the same name overwrite each other' {
        $a = Join-Path (Out-Folder 'dup-a') 'same.dcm'
        $b = Join-Path (Out-Folder 'dup-b') 'same.dcm'
        New-Item -ItemType Directory -Path (Split-Path $a), (Split-Path $b) | Out-Null
        Copy-Item $inputs[0].FullName $a; Copy-Item $inputs[1].FullName $b
        $out = Out-Folder 'dup-out'
        Invoke-DeidReplace -LiteralPath $a, $b -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'X'; source_id = '2.2' } -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OutputNameClash*'
        (Get-DicomDataset -LiteralPath (Join-Path $out 'same.dcm')).StudyInstanceUID | Should -Be (Get-DicomDataset -LiteralPath $a).StudyInstanceUID
    }

    It 'says a file given twice was given twice, and writes it once' {
        $out = Out-Folder 'twice-out'
        $inputs[0].FullName, $inputs[0].FullName | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'X'; source_id = '2.2' } -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OutputNameClash*'
        $errs[0].Exception.Message | Should -BeLike '*was given twice*written once*'
        @(Get-ChildItem -LiteralPath $out -File).Count | Should -Be 1
    }

    It 'reports a non-DICOM input as an error for that file and finishes the others' {
        $bad = Join-Path (Out-Folder 'bad-in') 'bad.dcm'
        New-Item -ItemType Directory -Path (Split-Path $bad) | Out-Null
        Set-Content -LiteralPath $bad -Value 'not dicom'
        $out = Out-Folder 'bad-out'
        $r = @((Get-Item $bad), $inputs[0]) | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -Variables @{ id = 'a'; source_id = 'b' } -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 1
        $errs[0].TargetObject | Should -Be $bad
        Test-Path (Join-Path $out 'bad.dcm') | Should -BeFalse
    }

    It 'stops at the first bad file with -ErrorAction Stop, leaving no partial output' {
        $bad = Join-Path (Out-Folder 'stop-in') 'a-bad.dcm'
        New-Item -ItemType Directory -Path (Split-Path $bad) | Out-Null
        Set-Content -LiteralPath $bad -Value 'not dicom'
        $out = Out-Folder 'stop-out'
        { @((Get-Item $bad)) | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -ErrorAction Stop -Variables @{ id = 'a'; source_id = 'b' } } | Should -Throw
        @(Get-ChildItem $out -Force -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'stops a streaming batch at a bad file in the middle: the files in flight finish whole, nothing is written after it returns' {
        $in = Out-Folder 'stop-mid-in'
        $good = New-DicomSample -Path $in -Count 12 -Modality CT -Seed 4
        Set-Content -LiteralPath (Join-Path $in 'CT-0006x-bad.dcm') -Value 'not dicom'
        $out = Out-Folder 'stop-mid-out'
        { Get-ChildItem $in | Sort-Object Name | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -ErrorAction Stop -ThrottleLimit 2 -Variables @{ id = 'a'; source_id = '1.2.3' } } |
            Should -Throw -ExpectedMessage '*CT-0006x-bad.dcm*'
        $written = @(Get-ChildItem $out -Force | Select-Object -ExpandProperty Name)
        Start-Sleep -Milliseconds 500
        @(Get-ChildItem $out -Force | Select-Object -ExpandProperty Name) | Should -Be $written
        $written | Where-Object { $_ -like '.*' } | Should -BeNullOrEmpty
        foreach ($name in $written) { (Get-DicomDataset -LiteralPath (Join-Path $out $name)).PatientID | Should -Be 'a' }
        $good.Count | Should -Be 12
    }

    It 'streams: -PassThru results come while the input is still being read' {
        $out = Out-Folder 'stream-out'
        $firstResultBeforeLastInput = $false
        $script:sent = 0
        $feed = { foreach ($f in $inputs) { $script:sent++; $f; Start-Sleep -Milliseconds 150 } }
        & $feed | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -PassThru -Variables @{ id = 'a'; source_id = '1.2.3' } |
            ForEach-Object { if ($script:sent -lt $inputs.Count) { $firstResultBeforeLastInput = $true } }
        $firstResultBeforeLastInput | Should -BeTrue
        @(Get-ChildItem $out).Count | Should -Be $inputs.Count
    }

    It 'maps each original UID to the same new UID in every file and every nested reference, whatever the thread count' {
        $r = Join-Path $folder 'deid.uids'
        "FORMAT dicom`n%header`nREPLACE StudyInstanceUID deid_func:pydicom_uuid`nREPLACE ReferencedSOPInstanceUID deid_func:pydicom_uuid" | Set-Content -LiteralPath $r
        $o1 = Out-Folder 'uid1'; $o2 = Out-Folder 'uid2'
        $inputs | Invoke-DeidReplace -Recipe $r -OutputFolder $o1 -ThrottleLimit 1
        $inputs | Invoke-DeidReplace -Recipe $r -OutputFolder $o2 -ThrottleLimit 4
        $d = $inputs | ForEach-Object { Get-DicomDataset -LiteralPath (Join-Path $o1 $_.Name) }
        $d[0].StudyInstanceUID | Should -Be $d[1].StudyInstanceUID
        $d[0].StudyInstanceUID | Should -Not -Be (Get-DicomDataset -LiteralPath $inputs[0].FullName).StudyInstanceUID
        $d[2].StudyInstanceUID | Should -Not -Be $d[0].StudyInstanceUID
        foreach ($x in $d) {
            $x.ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Be $x.StudyInstanceUID
            $x.RequestAttributesSequence[0].ReferencedStudySequence[0].ReferencedSOPInstanceUID | Should -Be $x.StudyInstanceUID
        }
        foreach ($f in $inputs) { (Get-FileHash (Join-Path $o1 $f.Name)).Hash | Should -Be (Get-FileHash (Join-Path $o2 $f.Name)).Hash }
    }

    It 'keeps the file valid with the default recipe: SOP Instance UID replaced, meta following it' {
        $out = Out-Folder 'default-uids'
        $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder $out -ThrottleLimit 2 -WarningAction SilentlyContinue
        $d = $inputs | ForEach-Object { Get-DicomDataset -LiteralPath (Join-Path $out $_.Name) }
        $d[0].StudyInstanceUID | Should -Be $d[1].StudyInstanceUID
        $d[0].SOPInstanceUID | Should -Not -Be (Get-DicomDataset -LiteralPath $inputs[0].FullName).SOPInstanceUID
        $d[0].FileMetaInformation['MediaStorageSOPInstanceUID'] | Should -Be $d[0].SOPInstanceUID
        $d[0].SOPClassUID | Should -Be (Get-DicomDataset -LiteralPath $inputs[0].FullName).SOPClassUID
    }

    It 'gives the same UIDs with the same -Key and different ones with another key' {
        $k1 = Out-Folder 'key1'; $k2 = Out-Folder 'key2'; $k3 = Out-Folder 'key3'
        $inputs[0] | Invoke-DeidReplace -Recipe dicom -OutputFolder $k1 -Key 'shard-secret' -WarningAction SilentlyContinue
        $inputs[0] | Invoke-DeidReplace -Recipe dicom -OutputFolder $k2 -Key 'shard-secret' -WarningAction SilentlyContinue
        $inputs[0] | Invoke-DeidReplace -Recipe dicom -OutputFolder $k3 -Key 'other-secret' -WarningAction SilentlyContinue
        $u1 = (Get-DicomDataset -LiteralPath (Join-Path $k1 $inputs[0].Name)).StudyInstanceUID
        $u1 | Should -Be (Get-DicomDataset -LiteralPath (Join-Path $k2 $inputs[0].Name)).StudyInstanceUID
        $u1 | Should -Not -Be (Get-DicomDataset -LiteralPath (Join-Path $k3 $inputs[0].Name)).StudyInstanceUID
        $u1 | Should -Match '^2\.25\.\d+$'
    }

    It 'reads the key from -KeyFile: its bytes give the same UIDs as the same -Key' {
        $keyFile = Join-Path $folder 'shard.key'
        [IO.File]::WriteAllBytes($keyFile, [Text.Encoding]::UTF8.GetBytes('shard-secret'))
        $a = Out-Folder 'keyfile-a'; $b = Out-Folder 'keyfile-b'
        $inputs[1] | Invoke-DeidReplace -Recipe dicom -OutputFolder $a -KeyFile $keyFile -WarningAction SilentlyContinue
        $inputs[1] | Invoke-DeidReplace -Recipe dicom -OutputFolder $b -Key 'shard-secret' -WarningAction SilentlyContinue
        (Get-FileHash (Join-Path $a $inputs[1].Name)).Hash | Should -Be (Get-FileHash (Join-Path $b $inputs[1].Name)).Hash
        { $inputs[1] | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'keyfile-c') -Key 'x' -KeyFile $keyFile } | Should -Throw
    }

    It 'calls a ScriptBlock given for func: with the element, its value, the field name and the dataset' {
        $r = Join-Path $folder 'deid.func'
        "FORMAT dicom`n%header`nREPLACE PatientID func:upper`nREMOVE contains:Physician func:always" | Set-Content -LiteralPath $r
        $out = Out-Folder 'func'
        $inputs[0] | Invoke-DeidReplace -Recipe $r -OutputFolder $out -Variables @{
            upper  = { param($field, $value, $name, $dataset) "X-$($value)-$name-$($dataset.Modality)" }
            always = { $true }
        }
        $ds = Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)
        $ds.PatientID | Should -Be ("X-{0}-PatientID-US" -f (Get-DicomDataset -LiteralPath $inputs[0].FullName).PatientID)
        $ds.ReferringPhysicianName | Should -BeNullOrEmpty
    }

    It 'reports a failing ScriptBlock as an error for that file' {
        $r = Join-Path $folder 'deid.fail'
        "FORMAT dicom`n%header`nREPLACE PatientID func:boom" | Set-Content -LiteralPath $r
        $out = Out-Folder 'fail'
        $inputs[0] | Invoke-DeidReplace -Recipe $r -OutputFolder $out -Variables @{ boom = { throw 'kaboom' } } -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        "$($errs[0])" | Should -Match 'kaboom'
        Test-Path (Join-Path $out $inputs[0].Name) | Should -BeFalse
    }

    It 'removes private elements with -RemovePrivate' {
        $out = Out-Folder 'private'
        $inputs[0] | Invoke-DeidReplace -Recipe $tutorial -OutputFolder $out -RemovePrivate -Variables @{ id = 'a'; source_id = 'b' }
        $ds = Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)
        $ds['(0009,1001)'] | Should -BeNullOrEmpty
        $ds['(0009,0010)'] | Should -BeNullOrEmpty
    }

    It 'warns and uses the default recipe when none is given' {
        $out = Out-Folder 'default'
        $inputs[0] | Invoke-DeidReplace -OutputFolder $out -WarningVariable w -WarningAction SilentlyContinue
        ($w -join "`n") | Should -Match 'default recipe'
        $ds = Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)
        $ds.PatientName | Should -Not -Be (Get-DicomDataset -LiteralPath $inputs[0].FullName).PatientName
        $ds.PatientIdentityRemoved | Should -Be 'YES'
    }

    It 'writes output that dcmdump reads' -Skip:(-not (Get-Command dcmdump -ErrorAction SilentlyContinue)) {
        $out = Out-Folder 'dcmdump'
        $inputs[0] | Invoke-DeidReplace -Recipe dicom -OutputFolder $out -WarningAction SilentlyContinue
        $text = & dcmdump (Join-Path $out $inputs[0].Name) 2>&1
        $LASTEXITCODE | Should -Be 0
        ($text -join "`n") | Should -Not -Match '^E:'
    }

    It 'de-identifies deid''s cookie files with the default recipe' -Skip:(-not $HasShared) {
        $cookies = Get-ChildItem (Join-Path $SharedData 'deid-data/dicom-cookies') -Filter *.dcm
        $out = Out-Folder 'cookies'
        $r = $cookies | Invoke-DeidReplace -Recipe dicom -OutputFolder $out -PassThru -WarningAction SilentlyContinue
        $r.Count | Should -Be $cookies.Count
        foreach ($c in $cookies) {
            $before = Get-DicomDataset -LiteralPath $c.FullName -HeaderOnly
            $after = Get-DicomDataset -LiteralPath (Join-Path $out $c.Name) -HeaderOnly
            if ($before.PatientName) { $after.PatientName | Should -Not -Be $before.PatientName }
        }
    }
}

# QA, 2026-12-06: every copy a run writes can be traced back through its crosswalk. Before, a run whose values disagreed with
# the crosswalk (another key, a changed recipe) replaced the copies with -Force and left the crosswalk as it was; a command
# stopped by -ErrorAction Stop, Ctrl+C or Select-Object -First wrote no crosswalk for the copies it had written; runs appending
# to one crosswalk at once lost each other's rows; and a key file saved with Set-Content was another key than the same text
# given to -Key.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:in = Join-Path $folder 'in'
    $null = New-DicomSample -Path $in -Count 8 -InstancesPerSeries 2 -Seed 31

    # The new UID of every output's SOP instance is a Replacement in the crosswalk: each copy can be traced back.
    function Assert-TracedBack([string]$Output, [string]$Crosswalk) {
        $replacements = @{}
        Import-Csv -LiteralPath $Crosswalk | ForEach-Object { $replacements[$_.Replacement] = $_.Original }
        $files = @(Get-ChildItem -LiteralPath $Output -Filter *.dcm -File)
        $files.Count | Should -BeGreaterThan 0
        foreach ($f in $files) {
            $new = (Get-DicomIdentifier -LiteralPath $f.FullName).SOPInstanceUID
            $replacements.ContainsKey($new) | Should -BeTrue -Because "$($f.Name) must be traceable through $Crosswalk"
            $replacements[$new] | Should -Be (Get-DicomIdentifier -LiteralPath (Join-Path $in $f.Name)).SOPInstanceUID
        }
    }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A crosswalk and the copies it leads back from' {
    It 'refuses, file by file, a rerun with -Force under another key: the copies and the crosswalk stay as they were' {
        $out = Join-Path $folder 'force'
        $cw = Join-Path $folder 'force.csv'
        Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -Key 'first key' -OutputFolder $out -CrosswalkPath $cw -WarningAction SilentlyContinue
        $hashes = Get-ChildItem $out -File | Get-FileHash | Select-Object -ExpandProperty Hash
        $text = Get-Content -LiteralPath $cw -Raw
        $results = Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -Key 'second key' -OutputFolder $out -CrosswalkPath $cw -Force -PassThru -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($e).Count | Should -Be 8
        $e | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'CrosswalkConflict*' }
        $e[0].Exception.Message | Should -Match "'.*CT-0001\.dcm' was not written: the crosswalk maps \d+ of its originals"
        $e[0].ErrorDetails.RecommendedAction | Should -Match 'another -CrosswalkPath'
        # No original is quoted beside its replacement: error records go to transcripts and central logs (QA).
        $original = Get-DicomIdentifier -LiteralPath (Join-Path $in 'CT-0001.dcm')
        foreach ($value in $original.PatientID, $original.StudyInstanceUID, $original.SOPInstanceUID) {
            ($e[0] | Out-String) + $e[0].Exception.ToString() | Should -Not -Match ([regex]::Escape($value))
        }
        @($results | Where-Object Written).Count | Should -Be 0
        Get-ChildItem $out -File | Get-FileHash | Select-Object -ExpandProperty Hash | Should -Be $hashes
        Get-Content -LiteralPath $cw -Raw | Should -Be $text
        Assert-TracedBack $out $cw
        # The same key again agrees: nothing refused, nothing new to append.
        Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -Key 'first key' -OutputFolder $out -CrosswalkPath $cw -Force -ErrorAction Stop -WarningAction SilentlyContinue
        Get-Content -LiteralPath $cw -Raw | Should -Be $text
    }

    It 'keeps the rows of every copy written before -ErrorAction Stop stopped the command' {
        $bad = Join-Path $folder 'bad'
        New-Item -ItemType Directory $bad | Out-Null
        Copy-Item (Join-Path $in '*.dcm') $bad
        Set-Content -LiteralPath (Join-Path $bad 'CT-0004.dcm') -Value 'not DICOM'
        $out = Join-Path $folder 'stop'
        $cw = Join-Path $folder 'stop.csv'
        { Invoke-DeidReplace -Path (Join-Path $bad '*.dcm') -Recipe dicom -OutputFolder $out -CrosswalkPath $cw -ThrottleLimit 1 -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'InvalidDicom*'
        $cw | Should -Exist
        @(Get-ChildItem $out -File).Count | Should -BeGreaterOrEqual 3
        Assert-TracedBack $out $cw
    }

    It 'keeps the rows of every copy written when Select-Object -First stopped the pipeline' {
        $out = Join-Path $folder 'first'
        $cw = Join-Path $folder 'first.csv'
        $one = Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -OutputFolder $out -CrosswalkPath $cw -ThrottleLimit 1 -PassThru -WarningAction SilentlyContinue | Select-Object -First 1
        $one.Written | Should -BeTrue
        $cw | Should -Exist
        Assert-TracedBack $out $cw
    }

    It 'warns when -SkipExisting skips copies a crosswalk added on the rerun cannot lead back from, and not on a resume' {
        # QA, 2026-12-06: adding -CrosswalkPath to a rerun with -SkipExisting skipped every copy and wrote no crosswalk, with no word.
        $out = Join-Path $folder 'added-later'
        $cw = Join-Path $folder 'added-later.csv'
        $three = @(Get-ChildItem (Join-Path $in '*.dcm') | Select-Object -First 3)
        $three | Invoke-DeidReplace -Recipe dicom -Key 'site' -OutputFolder $out -WarningAction SilentlyContinue
        $three | Invoke-DeidReplace -Recipe dicom -Key 'site' -OutputFolder $out -CrosswalkPath $cw -SkipExisting -WarningVariable w -WarningAction SilentlyContinue
        $said = @(Get-OtherWarning $w | Where-Object { "$_" -like '*held no rows before this run*' })
        $said.Count | Should -Be 1
        "$($said[0])" | Should -BeLike "3 input(s) were skipped because their copy exists (-SkipExisting), and the crosswalk '$cw' held no rows*-Force*"
        # As it says: -Force records them, and a later resume over a crosswalk with rows says nothing.
        $three | Invoke-DeidReplace -Recipe dicom -Key 'site' -OutputFolder $out -CrosswalkPath $cw -Force -WarningAction SilentlyContinue
        Assert-TracedBack $out $cw
        $three | Invoke-DeidReplace -Recipe dicom -Key 'site' -OutputFolder $out -CrosswalkPath $cw -SkipExisting -WarningVariable w2 -WarningAction SilentlyContinue
        @(Get-OtherWarning $w2 | Where-Object { "$_" -like '*held no rows*' }).Count | Should -Be 0
    }

    It 'refuses a crosswalk inside the output folder, before anything is written' {
        $out = Join-Path $folder 'shared'
        foreach ($cw in (Join-Path $out 'crosswalk.csv'), (Join-Path $out 'sub/crosswalk.csv')) {
            { Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -OutputFolder $out -CrosswalkPath $cw -ErrorAction Stop -WarningAction SilentlyContinue } |
                Should -Throw -ErrorId 'CrosswalkInOutputFolder*' -ExpectedMessage '*inside -OutputFolder*would be shared with the copies*'
        }
        $out | Should -Not -Exist
        # Beside it (a name that only starts the same) is outside.
        Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -OutputFolder $out -CrosswalkPath "$out.csv" -ErrorAction Stop -WarningAction SilentlyContinue
        "$out.csv" | Should -Exist
    }

    It 'refuses, once and before any file, a crosswalk name its journal cannot follow (QA: every file failed one by one)' {
        $cw = Join-Path $folder ('c' * 236 + '.csv')
        $out = Join-Path $folder 'long-name'
        { Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -OutputFolder $out -CrosswalkPath $cw -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'CrosswalkUnusable*' -ExpectedMessage '*too long*at most 233 bytes*'
        $out | Should -Not -Exist
        $cw | Should -Not -Exist
    }

    It 'writes nothing under -WhatIf, the crosswalk included' {
        $cw = Join-Path $folder 'whatif.csv'
        Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -OutputFolder (Join-Path $folder 'whatif') -CrosswalkPath $cw -WhatIf -WarningAction SilentlyContinue
        $cw | Should -Not -Exist
        Join-Path $folder 'whatif' | Should -Not -Exist
    }

    It 'keeps the rows of shards appending to one crosswalk at once (ForEach-Object -Parallel)' {
        $module = (Get-Module Deid).Path
        $cw = Join-Path $folder 'parallel.csv'
        $out = Join-Path $folder 'parallel'
        0..3 | ForEach-Object -Parallel {
            Import-Module $using:module
            Get-ChildItem $using:in -Filter *.dcm | Split-DeidWork -ShardCount 4 -Shard $_ |
                Invoke-DeidReplace -Recipe dicom -Key 'site' -OutputFolder $using:out -CrosswalkPath $using:cw -WarningAction SilentlyContinue
        } -ThrottleLimit 4
        $whole = Join-Path $folder 'whole.csv'
        Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -Key 'site' -OutputFolder (Join-Path $folder 'whole') -CrosswalkPath $whole -WarningAction SilentlyContinue
        $rows = { param($p) Import-Csv -LiteralPath $p | ForEach-Object { "$($_.Field)|$($_.Original)|$($_.Replacement)" } | Sort-Object }
        & $rows $cw | Should -Be (& $rows $whole)
        Assert-TracedBack $out $cw
        # The lock beside it is hidden and empty.
        (Get-Item -LiteralPath (Join-Path $folder '.parallel.csv.lock') -Force).Length | Should -Be 0
    }
}

Describe 'A run killed before its end' {
    It 'leaves its rows in a journal that the rerun (-SkipExisting) merges, so every copy can be traced back' {
        $out = Join-Path $folder 'killed'
        $cw = Join-Path $folder 'killed.csv'
        # A crash after the third copy: FailFast ends the process at once, with no EndProcessing, no Dispose, no finally.
        $script = "Import-Module '$ModulePath'; `$n = 0; Invoke-DeidReplace -Path '$in/*.dcm' -Recipe dicom -Key 'site' -OutputFolder '$out' -CrosswalkPath '$cw' -ThrottleLimit 1 -PassThru -WarningAction SilentlyContinue | ForEach-Object { if (++`$n -eq 3) { [Environment]::FailFast('simulated crash') } }"
        $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        $child.ExitCode | Should -Not -Be 0
        $cw | Should -Not -Exist
        $written = @(Get-ChildItem $out -Filter *.dcm -File)
        $written.Count | Should -BeGreaterOrEqual 3
        @(Get-ChildItem $folder -Filter '.killed.csv.*.journal' -Force).Count | Should -Be 1

        Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -Key 'site' -OutputFolder $out -CrosswalkPath $cw -SkipExisting -WarningVariable w -WarningAction SilentlyContinue
        (Get-OtherWarning $w) -join "`n" | Should -Match 'was missing \d+ row\(s\) of a run that stopped before its end'
        @(Get-ChildItem $folder -Filter '.killed.csv.*.journal' -Force).Count | Should -Be 0
        @(Get-ChildItem $out -Filter *.dcm -File).Count | Should -Be 8
        Assert-TracedBack $out $cw
    }

    It 'writes no copy whose rows cannot be kept beside the crosswalk (a full disk), and the rerun writes and traces them all' {
        # QA, 2026-12-06, a crosswalk on a 2 MB tmpfs: the journal gave up quietly, the copies were written, the append at the end
        # failed, and those copies led back through nothing. Here the crosswalk's folder turns into a file while the first file is
        # de-identified (a func: does it), which fails the journal as a full disk does.
        $out = Join-Path $folder 'blocked-out'
        $dir = Join-Path $folder 'blocked'
        $null = New-Item -ItemType Directory $dir
        $cw = Join-Path $dir 'x.csv'
        $recipe = Join-Path $folder 'deid.block'
        'FORMAT dicom', '%header', 'REPLACE PatientID func:block', 'REPLACE SOPInstanceUID deid_func:pydicom_uuid' | Set-Content -LiteralPath $recipe
        $block = { if (Test-Path -LiteralPath $dir -PathType Container) { Remove-Item -LiteralPath $dir -Recurse -Force; Set-Content -LiteralPath $dir 'not a folder' }; 'P' }.GetNewClosure()
        $three = @(Get-ChildItem (Join-Path $in '*.dcm') | Select-Object -First 3)
        $r = $three | Invoke-DeidReplace -Recipe $recipe -Key 'site' -OutputFolder $out -CrosswalkPath $cw -Variables @{ block = $block } -ThrottleLimit 1 -PassThru -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($r).Count | Should -Be 0
        @($e).Count | Should -Be 3
        $e | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'CrosswalkJournalNotWritten,*' }
        $e[0].TargetObject | Should -Be $three[0].FullName
        $e[0].Exception.Message | Should -BeLike "*was not written: its crosswalk rows could not be kept beside '$cw'*"
        $e[0].ErrorDetails.RecommendedAction | Should -BeLike '*Free space where the crosswalk is*-SkipExisting*'
        @(Get-ChildItem -LiteralPath $out -Force -ErrorAction SilentlyContinue).Count | Should -Be 0

        Remove-Item -LiteralPath $dir
        $null = New-Item -ItemType Directory $dir
        $three | Invoke-DeidReplace -Recipe $recipe -Key 'site' -OutputFolder $out -CrosswalkPath $cw -Variables @{ block = { 'P' } } -SkipExisting -WarningAction SilentlyContinue
        @(Get-ChildItem -LiteralPath $out -Filter *.dcm).Count | Should -Be 3
        Assert-TracedBack $out $cw
    }
}

Describe 'A key file' {
    It 'is the same key as its text given to -Key, whatever line end an editor or Set-Content put after it' {
        $lf = Join-Path $folder 'lf.key'; $crlf = Join-Path $folder 'crlf.key'
        [IO.File]::WriteAllText($lf, "site secret`n")
        [IO.File]::WriteAllText($crlf, "site secret`r`n")
        $file = (Get-ChildItem $in -Filter *.dcm | Select-Object -First 1).FullName
        $hashes = foreach ($run in @{ Key = 'site secret' }, @{ KeyFile = $lf }, @{ KeyFile = $crlf }) {
            $o = Join-Path $folder ('key-' + [guid]::NewGuid().ToString('N'))
            $r = Invoke-DeidReplace -LiteralPath $file -Recipe dicom -OutputFolder $o -PassThru -WarningAction SilentlyContinue @run
            (Get-FileHash -LiteralPath $r.OutputPath).Hash
        }
        @($hashes | Select-Object -Unique).Count | Should -Be 1
        # Another key still gives other outputs.
        $o = Join-Path $folder 'key-other'
        $r = Invoke-DeidReplace -LiteralPath $file -Recipe dicom -OutputFolder $o -Key 'site secret 2' -PassThru -WarningAction SilentlyContinue
        (Get-FileHash -LiteralPath $r.OutputPath).Hash | Should -Not -Be $hashes[0]
    }
}

Describe 'An identifier crosswalk saved in another encoding than UTF-8' {
    It 'refuses each file whose value lost a character when Import-Csv read it, says how to read it, and writes it once read right' {
        $files = @(Get-ChildItem -LiteralPath $in -Filter *.dcm | Select-Object -First 2)
        $site = Join-Path $folder 'deid.pseudonym'
        'FORMAT dicom', '%header', 'REPLACE PatientName var:pseudonym' | Set-Content -LiteralPath $site
        # Excel's "CSV" on a Western European Windows: Windows-1252 (the same bytes as Latin-1 for these letters).
        $csv = Join-Path $folder 'latin1.csv'
        $rows = "Path,pseudonym`n$($files[0].FullName),M$([char]0xFC)ller^Jos$([char]0xE9)`n$($files[1].FullName),Plain^Name`n"
        [IO.File]::WriteAllBytes($csv, [Text.Encoding]::Latin1.GetBytes($rows))
        $out = Join-Path $folder 'latin1-out'
        $r = Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe $site -OutputFolder $out -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'LostCharacter*'
        "$($errs[0])" | Should -BeLike "*variable 'pseudonym' holds U+FFFD*PatientName would be written without it*not written*"
        # Named first, as the other per-file messages are: a crosswalk of thousands of rows must say which row (QA 2026-12-07).
        "$($errs[0])" | Should -BeLike "$($files[0].FullName): *"
        $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*Import-Csv -Encoding windows-1252*CSV UTF-8*'
        Test-Path (Join-Path $out $files[0].Name) | Should -BeFalse
        @($r | Where-Object Written).Count | Should -Be 1
        # Read in its own encoding, the same crosswalk writes the name as it was typed.
        $fixed = Import-Csv -LiteralPath $csv -Encoding windows-1252 | Invoke-DeidReplace -Recipe $site -OutputFolder (Join-Path $folder 'latin1-fixed') -PassThru -WarningAction SilentlyContinue
        (Get-DicomIdentifier -LiteralPath $fixed[0].OutputPath).PatientName | Should -Be "M$([char]0xFC)ller^Jos$([char]0xE9)"
    }
}

Describe 'An original a spreadsheet would run as a formula' {
    It 'is written after an apostrophe, read back as it was by the next run and by Merge-DeidCrosswalk (CSV injection)' {
        $src = Join-Path $folder 'formula-in'
        $null = New-DicomSample -Path $src -Count 1 -Seed 77
        $file = (Get-ChildItem -LiteralPath $src -Filter *.dcm)[0].FullName
        $named = Join-Path $folder 'formula-named'
        'FORMAT dicom', '%header', 'REPLACE PatientID =HYPERLINK("http://example.invalid/"&C2;"open")' | Set-Content -LiteralPath (Join-Path $folder 'formula.deid')
        Invoke-DeidReplace -LiteralPath $file -Recipe (Join-Path $folder 'formula.deid') -OutputFolder $named -WarningAction SilentlyContinue
        $hostile = (Get-ChildItem -LiteralPath $named -Filter *.dcm)[0].FullName
        $original = (Get-DicomIdentifier -LiteralPath $hostile).PatientID
        $original | Should -BeLike '=HYPERLINK*'

        $cw = Join-Path $folder 'formula.csv'
        $recipe = Join-Path $folder 'formula-id.deid'
        'FORMAT dicom', '%header', 'REPLACE PatientID SUBJ-1' | Set-Content -LiteralPath $recipe
        Invoke-DeidReplace -LiteralPath $hostile -Recipe $recipe -OutputFolder (Join-Path $folder 'formula-out') -CrosswalkPath $cw -WarningAction SilentlyContinue
        $line = @(Get-Content -LiteralPath $cw | Where-Object { $_ -like 'PatientID,*' })
        $line.Count | Should -Be 1
        $line[0] | Should -BeLike "PatientID,`"'=HYPERLINK*"
        # The same run again over the crosswalk it wrote: the row reads back as the original, so no conflict.
        Invoke-DeidReplace -LiteralPath $hostile -Recipe $recipe -OutputFolder (Join-Path $folder 'formula-out') -CrosswalkPath $cw -Force -ErrorVariable again -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $again.Count | Should -Be 0
        $merged = Join-Path $folder 'formula-merged.csv'
        Merge-DeidCrosswalk -Path $cw -OutputPath $merged
        @(Get-Content -LiteralPath $merged | Where-Object { $_ -like 'PatientID,*' })[0] | Should -Be $line[0]
    }
}

Describe 'The results of a run with a crosswalk' {
    It 'hold none of its originals when exported into a log (QA: ConvertTo-Json of -PassThru results held every original UID)' {
        $src = Join-Path $folder 'log-in'
        $samples = @(New-DicomSample -Path $src -Count 2 -Modality CT -PhiMarkers -Seed 41)
        $uids = @($samples | ForEach-Object { $_.PhiMarkers } | Where-Object VR -EQ 'UI' | ForEach-Object Marker)
        $uids.Count | Should -BeGreaterThan 3
        $results = @(Invoke-DeidReplace -LiteralPath $samples.FullName -Recipe dicom -Key k -OutputFolder (Join-Path $folder 'log-out') -CrosswalkPath (Join-Path $folder 'log.csv') -PassThru -WarningAction SilentlyContinue)
        $clixml = Join-Path $folder 'log.clixml'
        $results | Export-Clixml -LiteralPath $clixml -Depth 8
        $log = ($results | ConvertTo-Json -Depth 8 -WarningAction SilentlyContinue) + (Get-Content -LiteralPath $clixml -Raw) + ($results | Format-List * | Out-String -Width 500)
        foreach ($uid in $uids) { $log.Contains($uid) | Should -BeFalse -Because "$uid is an original UID" }
        # The crosswalk has them, and a script can still ask a result for its pairs.
        $crosswalk = Get-Content -LiteralPath (Join-Path $folder 'log.csv') -Raw
        @($uids | Where-Object { $crosswalk.Contains($_) }).Count | Should -BeGreaterThan 3
        $step = $results[0].Steps | Where-Object Step -EQ 'crosswalk'
        @($step.GetEntries()).Count | Should -Be $step.Total
    }
}

Describe 'A crosswalk of a run that records nothing' {
    # QA 2026-12-07: an empty shard (Split-DeidWork can give a shard no file) wrote no crosswalk, and a merge naming every
    # shard's crosswalk refused ("input(s) not found").
    It 'is written with its header alone, and merges with the others' {
        $cwEmpty = Join-Path $folder 'empty-shard.csv'
        $cwFull = Join-Path $folder 'full-shard.csv'
        @() | Invoke-DeidReplace -Recipe dicom -OutputFolder (Join-Path $folder 'empty-out') -CrosswalkPath $cwEmpty
        Get-Content -LiteralPath $cwEmpty | Should -Be 'Field,Original,Replacement'
        Invoke-DeidReplace -Path (Join-Path $in '*.dcm') -Recipe dicom -Key k -OutputFolder (Join-Path $folder 'full-out') -CrosswalkPath $cwFull -WarningAction SilentlyContinue
        $merged = Join-Path $folder 'merged-shards.csv'
        Merge-DeidCrosswalk -Path $cwFull, $cwEmpty -OutputPath $merged -ErrorAction Stop
        (Get-Content -LiteralPath $merged -Raw) | Should -Be (Get-Content -LiteralPath $cwFull -Raw)
    }

    It 'is not written under -WhatIf' {
        $cw = Join-Path $folder 'whatif-empty.csv'
        @() | Invoke-DeidReplace -Recipe dicom -OutputFolder (Join-Path $folder 'whatif-out') -CrosswalkPath $cw -WhatIf
        Test-Path -LiteralPath $cw | Should -BeFalse
    }
}

Describe 'A crosswalk that went through a spreadsheet' {
    # QA F2, F3, F6, F7, F8 (the hospital admin who edits crosswalks in Excel).
    BeforeAll {
        $script:sheet = Join-Path $folder 'sheet'
        $null = New-Item -ItemType Directory $sheet
        $script:first = (Get-ChildItem -LiteralPath $in -Filter *.dcm | Select-Object -First 1).FullName
    }

    It 'is refused before anything is written when its header is missing or separated by semicolons, said as a file that cannot be read (F3, F7)' {
        $semi = Join-Path $sheet 'semi.csv'
        [IO.File]::WriteAllText($semi, "Field;Original;Replacement`r`nPatientID;PID-1;SUBJ-1`r`n")
        $out = Join-Path $sheet 'semi-out'
        { Invoke-DeidReplace -LiteralPath $first -Recipe dicom -OutputFolder $out -CrosswalkPath $semi -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'CrosswalkUnusable*' -ExpectedMessage "The crosswalk '$semi' cannot be read: $semi, line 1: the header's columns are separated by ';'*with commas*"
        $headless = Join-Path $sheet 'headless.csv'
        [IO.File]::WriteAllText($headless, "PatientID,PID-1,SUBJ-1`n")
        { Invoke-DeidReplace -LiteralPath $first -Recipe dicom -OutputFolder $out -CrosswalkPath $headless -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'CrosswalkUnusable*' -ExpectedMessage "*cannot be read: $headless, line 1: not the crosswalk's header*"
        $out | Should -Not -Exist
        Get-Content -LiteralPath $headless -Raw | Should -Be "PatientID,PID-1,SUBJ-1`n"
    }

    It 'is written with a byte order mark; a reordered header is read by name and rewritten in order (F3, F8)' {
        $cw = Join-Path $sheet 'bom.csv'
        $out = Join-Path $sheet 'bom-out'
        Invoke-DeidReplace -LiteralPath $first -Recipe dicom -Key k -OutputFolder $out -CrosswalkPath $cw -WarningAction SilentlyContinue
        [byte[]]$head = [IO.File]::ReadAllBytes($cw)[0..2]
        $head | Should -Be @(0xEF, 0xBB, 0xBF)
        # Columns dragged into another order in a spreadsheet: a rerun under another key is still refused.
        $rows = Import-Csv -LiteralPath $cw
        $rows | Select-Object Original, Replacement, Field | Export-Csv -LiteralPath $cw -UseQuotes AsNeeded
        (Get-Content -LiteralPath $cw -TotalCount 1) | Should -Be 'Original,Replacement,Field'
        Invoke-DeidReplace -LiteralPath $first -Recipe dicom -Key 'another key' -OutputFolder $out -CrosswalkPath $cw -Force -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($e).Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CrosswalkConflict*'
        Invoke-DeidReplace -LiteralPath $first -Recipe dicom -Key k -OutputFolder $out -CrosswalkPath $cw -Force -ErrorAction Stop -WarningAction SilentlyContinue
        (Get-Content -LiteralPath $cw -TotalCount 1) | Should -Be 'Original,Replacement,Field'
    }

    It 'warns of cells a spreadsheet shortened or misread, and Merge-DeidCrosswalk writes nothing for a shortened one (F2, F8)' {
        $cw = Join-Path $sheet 'excel.csv'
        [IO.File]::WriteAllText($cw, "Field,Original,Replacement`r`nPatientID,1.23457E+14,SUBJ-1`r`nPatientName,M$([char]0xC3)$([char]0xBC)ller^Jo,ANONYMOUS^`r`n")
        Invoke-DeidReplace -LiteralPath $first -Recipe dicom -OutputFolder (Join-Path $sheet 'excel-out') -CrosswalkPath $cw -WarningVariable w -WarningAction SilentlyContinue
        $said = @($w | Where-Object { "$_" -like "$cw, line *" })
        $said.Count | Should -Be 2
        "$($said[0])" | Should -BeLike "$cw, line 2, column Original: a number in scientific notation*do not save it from Excel in General format."
        "$($said[1])" | Should -BeLike "$cw, line 3, column Original: looks like UTF-8 text read as ANSI*"
        $merged = Join-Path $sheet 'excel-merged.csv'
        Merge-DeidCrosswalk -Path $cw -OutputPath $merged -ErrorVariable me -ErrorAction SilentlyContinue -WarningVariable mw -WarningAction SilentlyContinue
        @($me).Count | Should -Be 1
        $me[0].FullyQualifiedErrorId | Should -BeLike 'CrosswalkShortenedNumber*'
        "$($me[0])" | Should -BeLike "*line 2, column Original*"
        "$($me[0])" | Should -Not -BeLike '*1.23457E+14*'
        $me[0].ErrorDetails.RecommendedAction | Should -BeLike '*as the runs wrote them*'
        @($mw | Where-Object { "$_" -like '*line 3, column Original: looks like UTF-8 text read as ANSI*' }).Count | Should -Be 1
        $merged | Should -Not -Exist
    }

    It 'names both new values and the earlier file when two rows of one run disagree (F6)' {
        $ids = @(Get-ChildItem -LiteralPath $in -Filter *.dcm | Get-DicomIdentifier)
        $pair = @($ids | Group-Object PatientID | Where-Object Count -GE 2 | Select-Object -First 1 -ExpandProperty Group)
        $pair.Count | Should -Be 2
        $recipe = Join-Path $sheet 'deid.id'
        'FORMAT dicom', '%header', 'REPLACE PatientID var:id' | Set-Content -LiteralPath $recipe
        $rows = [pscustomobject]@{ Path = $pair[0].Path; id = 'SUBJ-1' }, [pscustomobject]@{ Path = $pair[1].Path; id = 'SUBJ-2' }
        $rows | Invoke-DeidReplace -Recipe $recipe -OutputFolder (Join-Path $sheet 'typo-out') -CrosswalkPath (Join-Path $sheet 'typo.csv') -ThrottleLimit 1 -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($e).Count | Should -Be 1
        "$($e[0])" | Should -BeLike "*PatientID: this file gives 'SUBJ-2', and an earlier file of this run, '$($pair[0].Path)', gave 'SUBJ-1' for the same original: two rows or inputs of this run disagree.*"
        "$($e[0])" | Should -Not -BeLike '*another key*'
        "$($e[0])" | Should -Not -BeLike "*$($pair[0].PatientID)*"
        $e[0].ErrorDetails.RecommendedAction | Should -BeLike '*correct the row*'
    }
}

# Test-DeidOutput on New-DicomSample -PhiMarkers files: an empty recipe leaves every marker and the audit finds each one; a
# recipe removing one element loses exactly that leak; KEEP, file names, deflated outputs, pairing, the pipeline and -Quiet.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:in = Join-Path $folder 'in'
    $script:sample = New-DicomSample -Path $in -PhiMarkers -Seed 21
    $script:markers = $sample.PhiMarkers
    # Markers in text the profile keeps on purpose (LUT Explanation, Overlay Description) are not leaks where they stand.
    $script:found = @($markers | Where-Object { -not $_.KeptByProfile })
    $script:emptyRecipe = Join-Path $folder 'deid.empty'
    "FORMAT dicom`n%header`n" | Set-Content -Path $emptyRecipe

    function Get-LeakPaths($Result) { @($Result.Leaks.ElementPath | Sort-Object -Unique) }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-DeidOutput' {
    It 'reports an output no reader opens as an error, and -Quiet answers False (QA round 3: a cut output read as clean)' {
        $cut = Join-Path $folder 'cut.dcm'
        [IO.File]::WriteAllBytes($cut, [IO.File]::ReadAllBytes($sample.FullName)[0..99])
        Test-DeidOutput -OriginalPath $sample.FullName -OutputPath $cut -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
        $r = Test-DeidOutput -OriginalPath $sample.FullName -OutputPath $cut -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OutputUnreadable*'
        "$($errs[0])" | Should -BeLike '*cannot be read as DICOM, so it is no de-identified copy*'
        $r.Unreadable | Should -Not -BeNullOrEmpty
    }

    It 'goes on past a copy cut short in its pixel data and one whose deflate stream is corrupt, and names each (fuzz seed 105)' {
        # Before: the cut copy read as clean (only its header was read), and the corrupt one ended the whole run with .NET's
        # "unsupported compression method", naming no file.
        $src = Join-Path $folder 'broken-in'
        $dst = Join-Path $folder 'broken-out'
        $null = New-DicomSample -Path $src -Count 2 -Modality CT -Seed 8
        $null = New-DicomSample -Path $src -Count 1 -Modality SC -TransferSyntax DeflatedExplicitVRLittleEndian -Seed 9
        $null = Invoke-DeidReplace -Path (Join-Path $src '*') -Recipe dicom -OutputFolder $dst
        $cut = Join-Path $dst 'CT-0001.dcm'
        $bytes = [IO.File]::ReadAllBytes($cut)
        [IO.File]::WriteAllBytes($cut, $bytes[0..($bytes.Length - 101)])
        # The deflated copy: its deflate stream ends, 1,000 bytes before the end of its pixel data, in a block of the reserved type 3.
        $sc = Join-Path $dst 'SC-0001.dcm'
        $file = [IO.File]::ReadAllBytes($sc)
        $start = [Deid.Audit.DeidAudit].GetMethod('MetaEnd', [Reflection.BindingFlags]'NonPublic,Static').Invoke($null, @($file, $null))
        $inflated = [IO.MemoryStream]::new()
        $d = [IO.Compression.DeflateStream]::new([IO.MemoryStream]::new($file, $start, $file.Length - $start), [IO.Compression.CompressionMode]::Decompress)
        $d.CopyTo($inflated); $d.Dispose()
        $keep = [int]$inflated.Length - 1000
        $broken = [IO.MemoryStream]::new()
        $broken.Write($file, 0, $start)
        $z = [IO.Compression.DeflateStream]::new($broken, [IO.Compression.CompressionLevel]::Fastest, $true)
        $z.Write($inflated.ToArray(), 0, $keep); $z.Flush()
        $broken.Write([byte[]](7, 255, 255, 255), 0, 4)
        [IO.File]::WriteAllBytes($sc, $broken.ToArray())
        $z.Dispose()

        $r = @(Test-DeidOutput -OriginalPath $src -OutputPath $dst -Recipe dicom -ErrorVariable errs -ErrorAction SilentlyContinue)
        $r.Count | Should -Be 3
        @($errs | ForEach-Object FullyQualifiedErrorId | ForEach-Object { $_.Split(',')[0] }) | Should -Be @('OutputUnreadable', 'OutputUnreadable')
        @($errs | ForEach-Object { $_.TargetObject }) | Should -Be @($cut, $sc)
        "$($errs[0])" | Should -BeLike '*CT-0001.dcm*no de-identified copy*'
        "$($errs[1])" | Should -BeLike '*SC-0001.dcm*no de-identified copy*deflated dataset is corrupt*'
        ($r | Where-Object { $_.Path -eq (Join-Path $dst 'CT-0002.dcm') }).Unreadable | Should -BeNullOrEmpty
        Test-DeidOutput -OriginalPath $src -OutputPath $dst -Recipe dicom -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    It 'finds every marker an empty recipe leaves (-KeepPreamble keeps the preamble marker too)' {
        $out = Join-Path $folder 'empty'
        Invoke-DeidReplace -LiteralPath $sample.FullName -Recipe $emptyRecipe -OutputFolder $out -KeepPreamble
        $r = Test-DeidOutput -OriginalPath $sample.FullName -OutputPath (Join-Path $out $sample.Name)
        $r | Should -BeOfType ([Deid.Audit.DeidAuditResult])
        $r.Leaked | Should -BeTrue
        $markers.Count | Should -BeGreaterThan 60
        Get-LeakPaths $r | Should -Be @($found.ElementPath | Sort-Object -Unique)
        @($markers | Where-Object KeptByProfile).ElementPath | Should -Contain '(6000,0022)'
        @($r.Leaks | Where-Object Location -NE 'Bytes').Count | Should -Be 0
    }

    It 'loses exactly the leak of the one element a recipe removes' {
        $recipe = Join-Path $folder 'deid.one'
        "FORMAT dicom`n%header`nREMOVE InstitutionName`n" | Set-Content -Path $recipe
        $out = Join-Path $folder 'one'
        Invoke-DeidReplace -LiteralPath $sample.FullName -Recipe $recipe -OutputFolder $out -KeepPreamble
        $r = Test-DeidOutput -OriginalPath $sample.FullName -OutputPath (Join-Path $out $sample.Name)
        Get-LeakPaths $r | Should -Be @($found.ElementPath | Where-Object { $_ -ne '(0008,0080)' } | Sort-Object -Unique)
    }

    It 'does not count what -Recipe keeps' {
        $recipe = Join-Path $folder 'deid.keep'
        "FORMAT dicom`n%header`nKEEP PatientID`n" | Set-Content -Path $recipe
        $out = Join-Path $folder 'keep'
        Invoke-DeidReplace -LiteralPath $sample.FullName -Recipe $recipe -OutputFolder $out -KeepPreamble
        $r = Test-DeidOutput -OriginalPath $sample.FullName -OutputPath (Join-Path $out $sample.Name) -Recipe $recipe
        Get-LeakPaths $r | Should -Not -Contain '(0010,0020)'
        (Get-LeakPaths $r).Count | Should -Be (@($found.ElementPath | Sort-Object -Unique).Count - 1)
    }

    It 'reports an output named after the patient' {
        $name = ($markers | Where-Object ElementPath -EQ '(0010,0010)').Marker.Split('^')[0]
        $out = Join-Path $folder 'named'
        New-Item -ItemType Directory -Path $out | Out-Null
        $output = Join-Path $out "$name.dcm"
        [IO.File]::WriteAllBytes($output, [byte[]]::new(200))
        # 200 zero bytes are no DICOM file: an error says so, and the name is still audited.
        $r = Test-DeidOutput -OriginalPath $sample.FullName -OutputPath $output -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.FullyQualifiedErrorId | Should -BeLike 'OutputUnreadable*'
        $r.Leaks.Count | Should -Be 1
        $r.Leaks[0].ElementPath | Should -Be '(0010,0010)'
        $r.Leaks[0].Location | Should -Be 'FileName'
        $r.Leaks[0].ByteOffset | Should -Be -1
    }

    It 'searches a deflated output inflated' {
        $deflated = New-DicomSample -Path (Join-Path $folder 'deflated') -PhiMarkers -TransferSyntax DeflatedExplicitVRLittleEndian
        $r = Test-DeidOutput -OriginalPath $deflated.FullName -OutputPath $deflated.FullName
        ($r.Leaks | Where-Object ElementPath -EQ '(0010,0010)').Location | Should -Be 'InflatedBytes'
        Get-LeakPaths $r | Should -Be @(($deflated.PhiMarkers | Where-Object { -not $_.KeptByProfile }).ElementPath | Sort-Object -Unique)
    }

    It 'takes Invoke-DeidReplace -PassThru results from the pipeline, and -Quiet returns one bool' {
        $out = Join-Path $folder 'piped'
        $results = Invoke-DeidReplace -LiteralPath $sample.FullName -Recipe $emptyRecipe -OutputFolder $out -PassThru
        $r = $results | Test-DeidOutput
        $r.Path | Should -Be $results.OutputPath
        $r.OriginalPath | Should -Be $sample.FullName
        $r.Leaked | Should -BeTrue
        $quiet = $results | Test-DeidOutput -Quiet
        $quiet | Should -BeOfType ([bool])
        $quiet | Should -BeFalse
    }

    It 'is quietly true for a clean output' {
        $other = New-DicomSample -Path (Join-Path $folder 'other') -Seed 77
        $quiet = Test-DeidOutput -OriginalPath $sample.FullName -OutputPath $other.FullName -Quiet
        @($quiet).Count | Should -Be 1
        $quiet | Should -BeTrue
    }

    It 'pairs folders by relative path and reports an output without original' {
        $out = Join-Path $folder 'pairs'
        Invoke-DeidReplace -LiteralPath $sample.FullName -Recipe $emptyRecipe -OutputFolder $out
        Copy-Item (Join-Path $out $sample.Name) (Join-Path $out 'stray.dcm')
        $r = Test-DeidOutput -OriginalPath $in -OutputPath $out -ErrorVariable errs -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 1
        $r.OriginalPath | Should -Be $sample.FullName
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Match '^OriginalNotFound'
        Test-DeidOutput -OriginalPath $in -OutputPath $out -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    It 'takes files and folders whose names hold brackets (<how>), and fails a pattern that matches nothing' -ForEach @(
        @{ how = 'FullName' }, @{ how = 'FileInfo' }, @{ how = 'folders' }, @{ how = 'escaped pattern' }) {
        $root = Join-Path $folder "brackets-$($how -replace ' ', '-')"
        $originals = Join-Path $root 'Study [1]'
        $outputs = Join-Path $root 'out [1]'
        New-Item -ItemType Directory -Path $originals | Out-Null
        Copy-Item -LiteralPath $sample.FullName -Destination $originals
        Get-ChildItem -LiteralPath $originals | Invoke-DeidReplace -Recipe $emptyRecipe -OutputFolder $outputs
        $o = Get-ChildItem -LiteralPath $originals
        $d = Get-ChildItem -LiteralPath $outputs
        $o.Name | Should -Be $d.Name
        $r = switch ($how) {
            'FullName' { Test-DeidOutput -OriginalPath $o.FullName -OutputPath $d.FullName -ErrorVariable errs }
            'FileInfo' { Test-DeidOutput -OriginalPath $o -OutputPath $d -ErrorVariable errs }
            'folders' { Test-DeidOutput -OriginalPath $originals -OutputPath $outputs -ErrorVariable errs }
            'escaped pattern' { Test-DeidOutput -OriginalPath (Join-Path $root 'Study `[1`]/*.dcm') -OutputPath (Join-Path $root 'out `[1`]/*') -ErrorVariable errs }
        }
        $errs.Count | Should -Be 0
        @($r).Count | Should -Be 1
        $r.OriginalPath | Should -Be $o.FullName
        $r.Leaked | Should -BeTrue
        # As a pattern, '[1]' names the folder 'Study 1', which does not exist: the folder named as written is read (QA
        # 2026-12-07: the listing cmdlets read nothing, silently).
        $p = @(Test-DeidOutput -OriginalPath (Join-Path $originals '*.dcm') -OutputPath $outputs -ErrorVariable errs3 -WarningAction SilentlyContinue)
        $errs3.Count | Should -Be 0
        $p.OriginalPath | Should -Be $o.FullName
        # A pattern that matches nothing, as a pattern or as written, is an error instead of a pass.
        $q = Test-DeidOutput -OriginalPath (Join-Path $root 'Nope [1]/*.dcm') -OutputPath $outputs -Quiet -ErrorVariable errs2 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $q | Should -BeFalse
        $errs2[0].FullyQualifiedErrorId | Should -Match '^PathNotFound'
        "$($errs2[0])" | Should -BeLike "*-OriginalPath '*Nope ``[1``]/``*.dcm' matches no file*"
        Test-DeidOutput -OriginalPath $originals -OutputPath (Join-Path $outputs 'x*.dcm') -Quiet -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeFalse
    }

    It 'says how to pair copies renamed by -OutputName, and pairs them from -PassThru' {
        $out = Join-Path $folder 'renamed'
        $results = Invoke-DeidReplace -LiteralPath $sample.FullName -Recipe $emptyRecipe -OutputFolder $out -OutputName 'x/{SOPInstanceUID}.dcm' -PassThru
        $r = Test-DeidOutput -OriginalPath $in -OutputPath $out -ErrorVariable errs -ErrorAction SilentlyContinue
        @($r).Count | Should -Be 0
        $errs.Count | Should -Be 1
        "$($errs[0])" | Should -BeLike '*pipe Invoke-DeidReplace -PassThru into Test-DeidOutput*'
        ($results | Test-DeidOutput).OriginalPath | Should -Be $sample.FullName
    }

    It 'finds the patient in the folder names of a mirrored tree (<how>), and not once -OutputName names the folders' -ForEach @(@{ how = 'folders' }, @{ how = 'PassThru' }) {
        # A PACS-style export: in/<PatientID>/<StudyDate>/file. -Recurse keeps those folder names.
        $id = ($markers | Where-Object ElementPath -EQ '(0010,0020)').Marker
        $date = ($markers | Where-Object ElementPath -EQ '(0008,0020)').Marker
        $tree = Join-Path $folder "export-$how"
        $leaf = Join-Path $tree "$id/$date"
        New-Item -ItemType Directory -Path $leaf -Force | Out-Null
        Copy-Item -LiteralPath $sample.FullName -Destination $leaf
        $out = Join-Path $folder "mirrored-$how"
        $results = Invoke-DeidReplace -Path $tree -Recurse -Recipe dicom -OutputFolder $out -PassThru -WarningVariable warned -WarningAction SilentlyContinue
        $results.OutputRelativePath | Should -Be ([IO.Path]::Combine($id, $date, $sample.Name))
        # Invoke-DeidReplace says so as it writes: once for the patient's ID and once for the study date in the folder names.
        @($warned | Where-Object { "$_" -like '*holds this file''s original PatientID*-OutputName*' }).Count | Should -Be 1
        @($warned | Where-Object { "$_" -like '*holds this file''s original StudyDate*' }).Count | Should -Be 1
        $r = if ($how -eq 'folders') { Test-DeidOutput -OriginalPath $tree -OutputPath $out -Recipe dicom } else { $results | Test-DeidOutput -Recipe dicom }
        $inFolders = @($r.Leaks | Where-Object Location -EQ 'FolderName')
        @($inFolders.ElementPath | Sort-Object) | Should -Be @('(0008,0020)', '(0010,0020)')
        $r.Leaked | Should -BeTrue

        $named = Join-Path $folder "named-$how"
        $results = Invoke-DeidReplace -Path $tree -Recurse -Recipe dicom -OutputFolder $named -OutputName '{PatientID}/{StudyInstanceUID}/{SOPInstanceUID}.dcm' -PassThru -WarningVariable warned -WarningAction SilentlyContinue
        @($warned | Where-Object { "$_" -like '*holds this file*' }).Count | Should -Be 0
        $r = $results | Test-DeidOutput -Recipe dicom
        @($r.Leaks | Where-Object Location -EQ 'FolderName').Count | Should -Be 0
    }

    It 'audits pairs on -ThrottleLimit threads with the same results, in the same order, errors in their place' {
        # #14: pairs given by -OriginalPath/-OutputPath are audited in windows on several threads (an audit of the 2,100
        # cookies took 8.4 s on one, 6.1 on two).
        $src = Join-Path $folder 'many-in'; $out = Join-Path $folder 'many-out'
        $made = New-DicomSample -Path $src -Count 12 -PhiMarkers -Seed 31
        Invoke-DeidReplace -LiteralPath $made.FullName -Recipe $emptyRecipe -OutputFolder $out -WarningAction SilentlyContinue
        Invoke-DeidReplace -LiteralPath $made[0..5].FullName -Recipe dicom -OutputFolder $out -Force -WarningAction SilentlyContinue
        $badOriginal = $made[7].FullName
        [IO.File]::WriteAllBytes($badOriginal, [byte[]](1, 2, 3))
        $outputs = @(Get-ChildItem $out -Filter *.dcm | Sort-Object Name).FullName
        $originals = @($made | Sort-Object Name).FullName
        $one = @(Test-DeidOutput -OriginalPath $originals -OutputPath $outputs -ThrottleLimit 1 -ErrorVariable e1 -ErrorAction SilentlyContinue)
        $four = @(Test-DeidOutput -OriginalPath $originals -OutputPath $outputs -ThrottleLimit 4 -ErrorVariable e4 -ErrorAction SilentlyContinue)
        $one.Count | Should -Be 11
        @($one | Where-Object Leaked).Count | Should -Be 5
        ($four | ForEach-Object { "$($_.Path)|$($_.Leaked)|$(($_.Leaks | ForEach-Object { "$_" }) -join ';')" }) |
            Should -Be ($one | ForEach-Object { "$($_.Path)|$($_.Leaked)|$(($_.Leaks | ForEach-Object { "$_" }) -join ';')" })
        $e4.Count | Should -Be 1
        "$($e4[0])" | Should -Be "$($e1[0])"
        Test-DeidOutput -OriginalPath $originals -OutputPath $outputs -ThrottleLimit 4 -Quiet -ErrorAction SilentlyContinue | Should -BeFalse
    }

    It 'gives a non-terminating error for an original that is not DICOM and carries on' {
        $bad = Join-Path $folder 'bad.dcm'
        [IO.File]::WriteAllBytes($bad, [byte[]](1, 2, 3))
        $other = New-DicomSample -Path (Join-Path $folder 'other2') -Seed 78
        $r = Test-DeidOutput -OriginalPath $bad, $sample.FullName -OutputPath $other.FullName, $other.FullName -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        @($r).Count | Should -Be 1
        $r.Leaked | Should -BeFalse
    }
}

# Issue 14, beyond one machine: shards de-identified apart (separate pwsh processes, ForEach-Object -Parallel runspaces) write
# byte for byte what one run over the whole writes, when they share the recipe and the key. Split-DeidWork puts a study in one
# shard, computed the same everywhere.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:in = Join-Path $folder 'in'
    $null = New-DicomSample -Path $in -Count 12 -InstancesPerSeries 3 -Seed 14
    $null = New-DicomSample -Path $in -Count 4 -Modality US -Seed 15
    $script:keyFile = Join-Path $folder 'site.key'
    [IO.File]::WriteAllBytes($keyFile, [byte[]](1..32 | ForEach-Object { ($_ * 37) % 256 }))
    $script:recipe = Join-Path $folder 'deid.keyed'
    @'
FORMAT dicom
%header
REPLACE PatientID deid_func:keyed_id prefix=P digits=8
REPLACE AccessionNumber deid_func:keyed_id prefix=A digits=10
REPLACE select:VR:DA deid_func:keyed_jitter min=-300 max=-10
REPLACE PatientName ANONYMOUS
'@ | Set-Content -LiteralPath $recipe

    function Get-Hashes([string]$Folder) {
        $h = @{}
        Get-ChildItem $Folder -Filter *.dcm | ForEach-Object { $h[$_.Name] = (Get-FileHash -LiteralPath $_.FullName).Hash }
        $h
    }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Split-DeidWork' {
    It 'puts each study in one shard and every file in exactly one' {
        $all = @(Get-ChildItem $in -Filter *.dcm | Split-DeidWork -ShardCount 3)
        $all.Count | Should -Be 16
        $all | Group-Object StudyInstanceUID | ForEach-Object { @($_.Group.Shard | Select-Object -Unique).Count | Should -Be 1 }
        $sum = 0; foreach ($k in 0..2) { $sum += @(Split-DeidWork -Path (Join-Path $in '*.dcm') -ShardCount 3 -Shard $k).Count }
        $sum | Should -Be 16
    }

    It 'pipes a shard''s files into Invoke-DeidReplace without taking Shard, ShardCount or the study UID for variables' {
        $out = Join-Path $folder 'piped-shard'
        $shard = @(Get-ChildItem $in -Filter *.dcm | Split-DeidWork -ShardCount 2 -Shard 0)
        $results = $shard | Invoke-DeidReplace -Recipe dicom -OutputFolder $out -PassThru -WarningVariable w -WarningAction SilentlyContinue
        @($results).Count | Should -Be $shard.Count
        @($results | Where-Object Written).Count | Should -Be $shard.Count
        @($w | Where-Object { "$_" -like '*written nowhere*' -or "$_" -like '*ShardCount*' }) | Should -BeNullOrEmpty
    }

    It 'takes a property added to a shard with Add-Member as a variable' {
        $site = Join-Path $folder 'deid.shardvar'
        'FORMAT dicom', '%header', 'REPLACE PatientID var:id' | Set-Content -LiteralPath $site
        $one = Get-ChildItem $in -Filter *.dcm | Select-Object -First 1 | Split-DeidWork -ShardCount 1 | Add-Member -NotePropertyName id -NotePropertyValue 'SUBJ-SHARD' -PassThru
        $result = $one | Invoke-DeidReplace -Recipe $site -OutputFolder (Join-Path $folder 'shard-var') -PassThru -WarningAction SilentlyContinue
        (Get-DicomIdentifier -LiteralPath $result.OutputPath).PatientID | Should -Be 'SUBJ-SHARD'
    }

    It 'reads files in parallel (-ThrottleLimit) and writes them in input order, the same shards as one at a time' {
        # #14: headers are read in windows on -ThrottleLimit threads, as Get-DicomIdentifier reads them (20,000 files peaked
        # 63 MB above 2,000 when read one after another).
        $files = @(Get-ChildItem $in -Filter *.dcm | Sort-Object Name -Descending)
        $one = @($files | Split-DeidWork -ShardCount 3 -ThrottleLimit 1)
        $four = @($files | Split-DeidWork -ShardCount 3 -ThrottleLimit 4)
        $four.Path | Should -Be $files.FullName
        ($four | ForEach-Object { "$($_.Path)|$($_.Shard)" }) | Should -Be ($one | ForEach-Object { "$($_.Path)|$($_.Shard)" })
        { Split-DeidWork -Path (Join-Path $in '*.dcm') -ShardCount 2 -ThrottleLimit 0 } | Should -Throw
    }

    It 'shows -Shard as an Int32 in its syntax and help (QA: Nullable, and a .NET Core type name Windows PowerShell lacks)' {
        (Get-Command Split-DeidWork).Parameters['Shard'].ParameterType | Should -Be ([int])
        ((Get-Command Split-DeidWork -Syntax) -join ' ') | Should -Not -Match 'Nullable'
        (Get-Help Split-DeidWork -Parameter Shard).type.name | Should -Be 'System.Int32'
    }

    It 'refuses a shard that is not below the count' {
        { Split-DeidWork -Path (Join-Path $in '*.dcm') -ShardCount 2 -Shard 2 -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-ShardCount*'
    }

    It 'reports a file that is not DICOM and goes on' {
        $bad = Join-Path $folder 'bad'
        New-Item -ItemType Directory -Path $bad | Out-Null
        'not dicom' | Set-Content (Join-Path $bad 'x.dcm')
        Copy-Item (Get-ChildItem $in -Filter *.dcm | Select-Object -First 1).FullName $bad
        $out = @(Get-ChildItem $bad -Filter *.dcm | Split-DeidWork -ShardCount 2 -ErrorVariable e -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        $e.Count | Should -Be 1
        "$($e[0])" | Should -Match 'x\.dcm'
    }

    It 'reports a file no shard can read in one shard only, when each shard is read apart' {
        # QA 2026-12-07: every shard reads every header, and four shards said each unreadable file four times.
        $bad = Join-Path $folder 'bad-shards'
        New-Item -ItemType Directory -Path $bad | Out-Null
        1..3 | ForEach-Object { 'not dicom' | Set-Content (Join-Path $bad "x$_.dcm") }
        Copy-Item (Get-ChildItem $in -Filter *.dcm).FullName $bad
        $errors = 0; $files = 0
        foreach ($k in 0..3) {
            $files += @(Get-ChildItem $bad -Filter *.dcm | Split-DeidWork -ShardCount 4 -Shard $k -ErrorVariable e -ErrorAction SilentlyContinue).Count
            $errors += @($e).Count
        }
        $errors | Should -Be 3
        $files | Should -Be (@(Get-ChildItem $in -Filter *.dcm).Count)
    }
}

Describe 'Sharded runs agree with one run over the whole' -ForEach @(@{ Recipe = 'keyed' }, @{ Recipe = 'dicom' }) {
    BeforeAll {
        $script:r = if ($Recipe -eq 'keyed') { $script:recipe } else { 'dicom' }
        $script:whole = Join-Path $folder "whole-$Recipe"
        Get-ChildItem $in -Filter *.dcm | Invoke-DeidReplace -Recipe $r -KeyFile $keyFile -OutputFolder $whole -WarningAction SilentlyContinue
        $script:expected = Get-Hashes $whole
    }

    It 'in two separate pwsh processes (<Recipe>)' {
        $out = Join-Path $folder "procs-$Recipe"
        foreach ($k in 0, 1) {
            $command = "Import-Module '$ModulePath'; Get-ChildItem '$in' -Filter *.dcm | Split-DeidWork -ShardCount 2 -Shard $k | Invoke-DeidReplace -Recipe '$r' -KeyFile '$keyFile' -OutputFolder '$out' -WarningAction SilentlyContinue"
            $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $command)
            $child.ExitCode | Should -Be 0 -Because $child.Text
        }
        $got = Get-Hashes $out
        $got.Count | Should -Be 16
        foreach ($name in $expected.Keys) { $got[$name] | Should -Be $expected[$name] -Because "$name must be the same bytes" }
    }

    It 'in a pwsh started with DOTNET_TieredPGO=0, the setting docs/scale-out.md recommends for long runs (<Recipe>)' {
        $out = Join-Path $folder "pgo0-$Recipe"
        $command = "if (`$env:DOTNET_TieredPGO -ne '0') { exit 3 }; Import-Module '$ModulePath'; Get-ChildItem '$in' -Filter *.dcm | Invoke-DeidReplace -Recipe '$r' -KeyFile '$keyFile' -OutputFolder '$out' -WarningAction SilentlyContinue"
        $env:DOTNET_TieredPGO = '0'
        try {
            $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $command)
        }
        finally {
            Remove-Item Env:DOTNET_TieredPGO -ErrorAction SilentlyContinue
        }
        $child.ExitCode | Should -Be 0 -Because $child.Text
        $got = Get-Hashes $out
        $got.Count | Should -Be 16
        foreach ($name in $expected.Keys) { $got[$name] | Should -Be $expected[$name] -Because "$name must be the same bytes" }
    }

    It 'in ForEach-Object -Parallel runspaces (<Recipe>)' {
        $out = Join-Path $folder "parallel-$Recipe"
        $module = $ModulePath; $source = $in; $key = $keyFile; $rec = $r
        0..2 | ForEach-Object -Parallel {
            Import-Module $using:module
            Get-ChildItem $using:source -Filter *.dcm | Split-DeidWork -ShardCount 3 -Shard $_ |
                Invoke-DeidReplace -Recipe $using:rec -KeyFile $using:key -OutputFolder $using:out -WarningAction SilentlyContinue
        } -ThrottleLimit 3
        $got = Get-Hashes $out
        $got.Count | Should -Be 16
        foreach ($name in $expected.Keys) { $got[$name] | Should -Be $expected[$name] -Because "$name must be the same bytes" }
    }
}

Describe 'The keyed functions in a run' {
    It 'give pseudonymous IDs and per-patient date shifts that keep intervals' {
        $whole = Join-Path $folder 'whole-keyed'
        $rows = Get-ChildItem $whole -Filter *.dcm | Get-DicomDataset -HeaderOnly | Select-Object PatientID, StudyDate, PatientBirthDate
        $rows.PatientID | ForEach-Object { $_ | Should -Match '^P[0-9]{8}$' }
        $orig = Get-ChildItem $in -Filter *.dcm | Get-DicomDataset -HeaderOnly | Select-Object PatientID, StudyDate, PatientBirthDate
        for ($i = 0; $i -lt $rows.Count; $i++) {
            $study = [datetime]::ParseExact($rows[$i].StudyDate, 'yyyyMMdd', $null) - [datetime]::ParseExact($orig[$i].StudyDate, 'yyyyMMdd', $null)
            $birth = [datetime]::ParseExact($rows[$i].PatientBirthDate, 'yyyyMMdd', $null) - [datetime]::ParseExact($orig[$i].PatientBirthDate, 'yyyyMMdd', $null)
            $study.Days | Should -BeIn (-300..-10)
            $birth.Days | Should -Be $study.Days
        }
    }
}

Describe 'Crosswalks of shards' {
    BeforeAll {
        $script:cw = Join-Path $folder 'crosswalk'
        New-Item -ItemType Directory -Path $cw | Out-Null
        Get-ChildItem $in -Filter *.dcm | Invoke-DeidReplace -Recipe $recipe -KeyFile $keyFile -OutputFolder (Join-Path $cw 'whole') -CrosswalkPath (Join-Path $cw 'whole.csv') -WarningAction SilentlyContinue
        foreach ($k in 0, 1) {
            Get-ChildItem $in -Filter *.dcm | Split-DeidWork -ShardCount 2 -Shard $k |
                Invoke-DeidReplace -Recipe $recipe -KeyFile $keyFile -OutputFolder (Join-Path $cw "shard$k") -CrosswalkPath (Join-Path $cw "shard$k.csv") -WarningAction SilentlyContinue
        }
    }

    It 'records original -> new of the identifiers the run changed, never the key' {
        $rows = Import-Csv (Join-Path $cw 'whole.csv')
        $orig = Get-DicomDataset -LiteralPath (Get-ChildItem $in -Filter *.dcm | Select-Object -First 1).FullName -HeaderOnly
        $new = Get-DicomDataset -LiteralPath (Join-Path $cw "whole/$((Get-ChildItem $in -Filter *.dcm | Select-Object -First 1).Name)") -HeaderOnly
        ($rows | Where-Object { $_.Field -eq 'PatientID' -and $_.Original -eq $orig.PatientID }).Replacement | Should -Be $new.PatientID
        ($rows | Where-Object { $_.Field -eq 'PatientName' -and $_.Original -eq $orig.PatientName }).Replacement | Should -Be 'ANONYMOUS'
        $keyText = [Convert]::ToBase64String([IO.File]::ReadAllBytes($keyFile))
        Get-Content (Join-Path $cw 'whole.csv') -Raw | Should -Not -Match ([regex]::Escape($keyText))
        # It re-identifies: its owner's only, whatever the umask.
        if (-not $IsWindows) { (Get-Item (Join-Path $cw 'whole.csv')).UnixMode | Should -Be '-rw-------' }
    }

    It 'writes nothing when a shard is missing or a pattern matches nothing (QA round 3: a merge without them was written)' -ForEach @(
        @{ name = 'a missing shard'; inputs = @('shard0.csv', 'shard9.csv') }, @{ name = 'a pattern matching nothing'; inputs = @('shard0.csv', 'nothing*.csv') }
    ) {
        $target = Join-Path $cw "incomplete-$($name -replace ' ', '-').csv"
        $paths = $inputs | ForEach-Object { Join-Path $cw $_ }
        Merge-DeidCrosswalk -Path $paths -OutputPath $target -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        Test-Path -LiteralPath $target | Should -BeFalse
        @($errs | Where-Object { $_.FullyQualifiedErrorId -like 'CrosswalkInputMissing*' }).Count | Should -Be 1
        "$(@($errs | Where-Object { $_.FullyQualifiedErrorId -like 'CrosswalkInputMissing*' })[0])" | Should -BeLike "*$($inputs[1])*nothing is written*"
        @($errs | Where-Object { $_.FullyQualifiedErrorId -like 'PathNotFound*' }).Count | Should -Be 1
    }

    It 'counts every conflict of shards that disagree throughout, and quotes the first thousand' {
        $a = Join-Path $cw 'many-a.csv'; $b = Join-Path $cw 'many-b.csv'
        "Field,Original,Replacement`n" + ((1..1005 | ForEach-Object { "SOPInstanceUID,1.2.3.$_,2.25.$_" }) -join "`n") | Set-Content -LiteralPath $a
        "Field,Original,Replacement`n" + ((1..1005 | ForEach-Object { "SOPInstanceUID,1.2.3.$_,2.25.9$_" }) -join "`n") | Set-Content -LiteralPath $b
        $err = { Merge-DeidCrosswalk -LiteralPath $a, $b -OutputPath (Join-Path $cw 'many.csv') -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'CrosswalkConflict,*'
        "$err" | Should -BeLike '*disagree in 1005 place(s)*'
        "$err" | Should -BeLike "*mapped to '2.25.1' and to '2.25.91'*"
        "$err" | Should -BeLike '*(5 more.)'
        Join-Path $cw 'many.csv' | Should -Not -Exist
    }

    It 'names a shard that is not a crosswalk, with its line, and writes nothing' {
        # Shards are read a row at a time when the merge is made (#14: they were held whole): a malformed row still stops it.
        $bad = Join-Path $cw 'malformed.csv'
        "Field,Original,Replacement`nPatientID,P1,X1`nonly,two`n" | Set-Content -LiteralPath $bad -NoNewline
        $target = Join-Path $cw 'from-malformed.csv'
        $err = { Merge-DeidCrosswalk -LiteralPath (Join-Path $cw 'shard0.csv'), $bad -OutputPath $target -ErrorAction Stop } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -Be 'CrosswalkUnreadable,Deid.PowerShell.Commands.MergeDeidCrosswalkCommand'
        $err.TargetObject | Should -Be $bad
        "$err" | Should -BeLike '*malformed.csv, line 3*'
        Test-Path -LiteralPath $target | Should -BeFalse
    }

    It 'reports an existing merged file as other cmdlets report an existing output, and replaces it only with -Force' {
        $target = Join-Path $cw 'exists.csv'
        'keep me' | Set-Content -LiteralPath $target
        Merge-DeidCrosswalk -Path (Join-Path $cw 'shard*.csv') -OutputPath $target -ErrorVariable errs -ErrorAction SilentlyContinue | Out-Null
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'OutputExists*'
        Get-Content -LiteralPath $target | Should -Be 'keep me'
        Merge-DeidCrosswalk -Path (Join-Path $cw 'shard*.csv') -OutputPath $target -Force
        (Import-Csv -LiteralPath $target).Count | Should -BeGreaterThan 0
    }

    It 'reports a merged file it cannot write (a full disk, a folder it cannot make) as other cmdlets report a failed write' {
        # QA, 2026-12-06: a full disk let a bare IOException escape ("NotSpecified", no target). A file standing where the
        # folder should be fails the write the same way.
        $blocker = Join-Path $cw 'not-a-folder'
        'a file' | Set-Content -LiteralPath $blocker
        $target = Join-Path $blocker 'merged.csv'
        $out = Merge-DeidCrosswalk -Path (Join-Path $cw 'shard*.csv') -OutputPath $target -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'CrosswalkNotWritten,Deid.PowerShell.Commands.MergeDeidCrosswalkCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'WriteError'
        $errs[0].TargetObject | Should -Be $target
        Get-Content -LiteralPath $blocker | Should -Be 'a file'
    }

    It 'merges the shards into the whole run''s crosswalk' {
        Merge-DeidCrosswalk -Path (Join-Path $cw 'shard*.csv') -OutputPath (Join-Path $cw 'merged.csv')
        $merged = Import-Csv (Join-Path $cw 'merged.csv') | ForEach-Object { "$($_.Original)|$($_.Replacement)" } | Sort-Object
        $whole = Import-Csv (Join-Path $cw 'whole.csv') | ForEach-Object { "$($_.Original)|$($_.Replacement)" } | Sort-Object
        $merged | Should -Be $whole
        if (-not $IsWindows) { (Get-Item (Join-Path $cw 'merged.csv')).UnixMode | Should -Be '-rw-------' }
    }

    It 'refuses shards that disagree (another key) and writes nothing' {
        $otherKey = Join-Path $folder 'other.key'
        [IO.File]::WriteAllBytes($otherKey, [byte[]](101..132))
        Get-ChildItem $in -Filter *.dcm | Select-Object -First 2 |
            Invoke-DeidReplace -Recipe $recipe -KeyFile $otherKey -OutputFolder (Join-Path $cw 'other') -CrosswalkPath (Join-Path $cw 'other.csv') -WarningAction SilentlyContinue
        { Merge-DeidCrosswalk -LiteralPath (Join-Path $cw 'whole.csv'), (Join-Path $cw 'other.csv') -OutputPath (Join-Path $cw 'bad.csv') -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*mapped to*'
        Join-Path $cw 'bad.csv' | Should -Not -Exist
    }

    It 'appends to an existing crosswalk, and refuses a file that disagrees with it without touching either' {
        $path = Join-Path $cw 'shard0.csv'
        $before = (Import-Csv $path).Count
        Get-ChildItem $in -Filter *.dcm | Split-DeidWork -ShardCount 2 -Shard 1 |
            Invoke-DeidReplace -Recipe $recipe -KeyFile $keyFile -OutputFolder (Join-Path $cw 'again') -CrosswalkPath $path -WarningAction SilentlyContinue
        (Import-Csv $path).Count | Should -BeGreaterThan $before
        $text = Get-Content $path -Raw
        Get-ChildItem $in -Filter *.dcm | Select-Object -First 1 |
            Invoke-DeidReplace -Recipe $recipe -KeyFile (Join-Path $folder 'other.key') -OutputFolder (Join-Path $cw 'again2') -CrosswalkPath $path -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e.FullyQualifiedErrorId | Should -Match '^CrosswalkConflict'
        "$e" | Should -Match 'was not written'
        Join-Path $cw 'again2' | Get-ChildItem -Recurse -File -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        Get-Content $path -Raw | Should -Be $text
    }
}

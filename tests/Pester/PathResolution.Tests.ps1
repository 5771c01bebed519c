BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:samples = @(New-DicomSample -Path $folder -Count 3 -Seed 11)
    $script:names = @($samples | ForEach-Object FullName)
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

# Absolute paths of existing files skip PowerShell's resolution (it cost more than reading the header); these pin that every
# other form still goes through PowerShell and that both routes name the same files.
Describe 'File paths given to the reading cmdlets' {
    It 'gives the same paths for streamed strings, Get-ChildItem, -Path wildcards and -LiteralPath' {
        $streamed = @($names | Test-DicomBurnedPixel -WarningAction SilentlyContinue | ForEach-Object Path)
        $piped = @(Get-ChildItem $folder -Filter *.dcm | Test-DicomBurnedPixel -WarningAction SilentlyContinue | ForEach-Object Path)
        $wild = @(Test-DicomBurnedPixel -Path (Join-Path $folder '*.dcm') -WarningAction SilentlyContinue | ForEach-Object Path)
        $literal = @(Test-DicomBurnedPixel -LiteralPath $names -WarningAction SilentlyContinue | ForEach-Object Path)
        $streamed | Should -Be $names
        $piped | Should -Be $names
        $wild | Should -Be $names
        $literal | Should -Be $names
    }

    It 'reads a provider-qualified path (PSPath) as the file it names' {
        $qualified = 'Microsoft.PowerShell.Core\FileSystem::' + $names[0]
        (Get-DicomIdentifier -LiteralPath $qualified).Path | Should -Be $names[0]
    }

    It 'normalises a path with . and .. segments, as PowerShell does' {
        $sub = Join-Path $folder 'sub'
        New-Item -ItemType Directory -Path $sub -Force | Out-Null
        $odd = [IO.Path]::Combine($folder, 'sub', '..', '.', $samples[1].Name)
        (Test-DicomBurnedPixel -Path $odd -WarningAction SilentlyContinue).Path | Should -Be $names[1]
    }

    It 'resolves a relative path against the current location, not the process directory' {
        Push-Location $folder
        try {
            (Get-DicomIdentifier -Path $samples[2].Name).Path | Should -Be $names[2]
        }
        finally { Pop-Location }
    }

    It 'gives PathNotFound for a missing absolute path and carries on with the others' {
        $missing = Join-Path $folder 'missing.dcm'
        $out = @($missing, $names[0]) | Test-DicomBurnedPixel -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
        $errs[0].TargetObject | Should -Be $missing
    }

    It 'warns about a folder instead of reading it' {
        $out = @($folder) | Get-DicomIdentifier -WarningVariable warns -WarningAction SilentlyContinue
        @($out).Count | Should -Be 0
        "$warns" | Should -BeLike '*is a folder*'
    }

    It 'offers -File first for a folder that came down the pipeline (Get-ChildItem -Recurse without -File pipes folders beside their files)' {
        $sub = Join-Path $folder 'piped-sub'
        New-Item -ItemType Directory -Path $sub -Force | Out-Null
        Copy-Item -LiteralPath $names[0] -Destination $sub
        $items = @(Get-ChildItem -LiteralPath $sub -Recurse) + @(Get-Item -LiteralPath $sub)
        $ids = @($items | Get-DicomIdentifier -WarningVariable warns -WarningAction SilentlyContinue)
        $ids.Count | Should -Be 1
        "$warns" | Should -BeLike "*'$sub' is a folder; pipe Get-ChildItem -File to leave folders out, or add -Recurse*"
        Remove-Item -LiteralPath $sub -Recurse -Force
    }

    It 'still expands an escaped wildcard character in -Path and takes it literally in -LiteralPath' {
        $odd = Join-Path $folder 'odd[1].dcm'
        Copy-Item -LiteralPath $names[0] -Destination $odd
        (Test-DicomBurnedPixel -Path (Join-Path $folder 'odd`[1`].dcm') -WarningAction SilentlyContinue).Path | Should -Be $odd
        (Test-DicomBurnedPixel -LiteralPath $odd -WarningAction SilentlyContinue).Path | Should -Be $odd
        Remove-Item -LiteralPath $odd
    }

    # QA 2026-12-07: as a pattern 'Study [1]' matches only 'Study 1', so the whole -Path matched nothing, with no word, on the
    # cmdlets that list (an audit's -Path already said "matches no file"). A folder that exists as written is now read as such.
    It '<command> reads the files of a folder named with brackets by a -Path pattern in it' -ForEach @(
        @{ command = 'Get-DicomIdentifier' }, @{ command = 'Get-DicomDataset' }, @{ command = 'Test-DicomBurnedPixel' },
        @{ command = 'Split-DeidWork' }, @{ command = 'Invoke-DeidReplace' }
    ) {
        $study = Join-Path $folder 'Study [1]'
        New-Item -ItemType Directory -Path $study -Force | Out-Null
        Copy-Item -LiteralPath $names[0], $names[1] -Destination $study
        $expected = @($names[0], $names[1] | ForEach-Object { Join-Path $study (Split-Path $_ -Leaf) })
        $splat = @{ Path = (Join-Path $study '*.dcm') }
        if ($command -eq 'Invoke-DeidReplace') { $splat.OutputFolder = (Join-Path $folder 'bracket-out'); $splat.PassThru = $true; $splat.Recipe = 'dicom' }
        if ($command -eq 'Get-DicomDataset') { $splat.HeaderOnly = $true }
        if ($command -eq 'Split-DeidWork') { $splat.ShardCount = 2 }
        $verbose = @(& $command @splat -WarningAction SilentlyContinue -Verbose 4>&1)
        $paths = @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] } | ForEach-Object { if ($_.SourcePath) { $_.SourcePath } else { $_.Path } })
        $paths | Sort-Object | Should -Be ($expected | Sort-Object)
        ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -like '*matched nothing as a pattern*' }) | Should -Not -BeNullOrEmpty
        Remove-Item -LiteralPath $study, (Join-Path $folder 'bracket-out') -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'keeps a pattern that matched a folder to what it matched, and a folder pattern that matches nothing silent' {
        $plain = Join-Path $folder 'Study 2'
        New-Item -ItemType Directory -Path $plain -Force | Out-Null
        Copy-Item -LiteralPath $names[2] -Destination $plain
        # '[2]' matches 'Study 2' as a pattern: that is what it means, as in Get-ChildItem.
        (Get-DicomIdentifier -Path (Join-Path $folder 'Study [2]/*.dcm') -WarningVariable none).Path | Should -Be (Join-Path $plain (Split-Path $names[2] -Leaf))
        $none | Should -BeNullOrEmpty
        # With 'Study [2]' there too, the pattern still means 'Study 2', and says which folder it did not read (QA 2026-12-07).
        $bracketed = Join-Path $folder 'Study [2]'
        New-Item -ItemType Directory -Path $bracketed -Force | Out-Null
        Copy-Item -LiteralPath $names[1] -Destination $bracketed
        (Get-DicomIdentifier -Path (Join-Path $folder 'Study [2]/*.dcm') -WarningVariable said -WarningAction SilentlyContinue).Path | Should -Be (Join-Path $plain (Split-Path $names[2] -Leaf))
        "$said" | Should -BeLike ("*is read as a pattern*'" + [WildcardPattern]::Escape($bracketed) + "' named as written is not read*")
        Remove-Item -LiteralPath $bracketed -Recurse -Force
        Get-DicomIdentifier -Path (Join-Path $folder 'Nothing [9]/*.dcm') -ErrorVariable e | Should -BeNullOrEmpty
        $e.Count | Should -Be 0
        Remove-Item -LiteralPath $plain -Recurse -Force
    }

    It 'says which folder it did not read when a bracketed folder given whole to -Recurse matched another (QA of 2026-12-07)' {
        $plain = Join-Path $folder 'Study 3'
        $bracketed = Join-Path $folder 'Study [3]'
        New-Item -ItemType Directory -Path $plain, $bracketed -Force | Out-Null
        Copy-Item -LiteralPath $names[2] -Destination $plain
        Copy-Item -LiteralPath $names[0], $names[1] -Destination $bracketed
        # As Get-ChildItem does, the pattern means 'Study 3'; now it also says that 'Study [3]' was not read.
        (Get-DicomIdentifier -Path $bracketed -Recurse -WarningVariable said -WarningAction SilentlyContinue).Path | Should -Be (Join-Path $plain (Split-Path $names[2] -Leaf))
        "$said" | Should -BeLike ("*is read as a pattern*'" + [WildcardPattern]::Escape($bracketed) + "' named as written is not read*")
        @(Get-DicomIdentifier -LiteralPath $bracketed -Recurse -WarningVariable quiet).Count | Should -Be 2
        $quiet | Should -BeNullOrEmpty
        Remove-Item -LiteralPath $plain, $bracketed -Recurse -Force
    }
}

# A warning that said "add -Recurse" on cmdlets that had no -Recurse: every cmdlet that reads DICOM files now walks a folder tree
# the same way (Deid.Batch.FolderWalk), given by argument or piped, and the writing cmdlets mirror the tree they walked.
# With the location at Env: (or HKLM:, Cert:), a relative path resolves to that provider's path, which .NET took relative to the
# process's working folder: copies and the crosswalk were written there without a word (QA F4).
Describe 'Path parameters naming a file to write or read, from a location that is not on the file system' {
    BeforeAll {
        # A folder of its own: other tests list $folder.
        $script:envFolder = New-TestFolder
        $script:cwd = Join-Path $envFolder 'processcwd'
        New-Item -ItemType Directory -Path $cwd -Force | Out-Null
        Set-Content -LiteralPath (Join-Path $envFolder 'key.txt') -Value 'a key for the test'
        $script:savedCwd = [Environment]::CurrentDirectory
        [Environment]::CurrentDirectory = $cwd
    }
    AfterAll {
        [Environment]::CurrentDirectory = $script:savedCwd
        Remove-Item $script:envFolder -Recurse -Force -ErrorAction SilentlyContinue
    }
    AfterEach {
        Pop-Location -ErrorAction SilentlyContinue
    }

    It 'refuses <name> relative to Env: before anything is written' -ForEach @(
        @{ name = '-OutputFolder'; run = { Invoke-DeidReplace -LiteralPath $names[0] -OutputFolder out -WarningAction SilentlyContinue -ErrorAction Stop } }
        @{ name = '-CrosswalkPath'; run = { Invoke-DeidReplace -LiteralPath $names[0] -OutputFolder (Join-Path $envFolder 'cw-out') -CrosswalkPath cw.csv -WarningAction SilentlyContinue -ErrorAction Stop } }
        @{ name = '-KeyFile'; run = { Invoke-DeidReplace -LiteralPath $names[0] -OutputFolder (Join-Path $envFolder 'key-out') -KeyFile key.txt -WarningAction SilentlyContinue -ErrorAction Stop } }
        @{ name = '-RelativeTo'; run = { Invoke-DeidReplace -LiteralPath $names[0] -OutputFolder (Join-Path $envFolder 'rel-out') -RelativeTo in -WarningAction SilentlyContinue -ErrorAction Stop } }
        @{ name = 'Export-DeidRecipe -Path'; run = { Get-DeidRecipe -Name dicom | Export-DeidRecipe -Path my.recipe -ErrorAction Stop } }
        @{ name = 'New-DicomSample -Path'; run = { New-DicomSample -Path samples -Count 1 -ErrorAction Stop } }
    ) {
        $before = @(Get-ChildItem -LiteralPath $cwd -Recurse -Force).Count
        Push-Location Env:
        { & $run } | Should -Throw -ErrorId 'PathNotOnFileSystem*'
        Pop-Location
        @(Get-ChildItem -LiteralPath $cwd -Recurse -Force).Count | Should -Be $before
        Test-Path (Join-Path $envFolder 'cw-out/*') | Should -BeFalse
        Test-Path (Join-Path $envFolder 'key-out/*') | Should -BeFalse
        Test-Path (Join-Path $envFolder 'rel-out/*') | Should -BeFalse
    }

    It 'says which parameter and provider, and how to name a file-system path' {
        Push-Location Env:
        $err = { Invoke-DeidReplace -LiteralPath $names[0] -OutputFolder out -WarningAction SilentlyContinue -ErrorAction Stop } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match "-OutputFolder 'out'.*Environment provider"
    }

    It 'writes to a drive-qualified or absolute -OutputFolder from Env: (<how>)' -ForEach @(
        @{ how = 'TestDrive:'; out = 'TestDrive:/env-out'; expected = { Join-Path (Get-PSDrive TestDrive).Root 'env-out' } }
        @{ how = 'absolute'; out = $null; expected = $null }
    ) {
        $target = if ($out) { $out } else { Join-Path $envFolder 'abs-out' }
        $where = if ($expected) { & $expected } else { $target }
        $before = @(Get-ChildItem -LiteralPath $cwd -Recurse -Force).Count
        Push-Location Env:
        $r = Invoke-DeidReplace -LiteralPath $names[0] -OutputFolder $target -PassThru -WarningAction SilentlyContinue -ErrorAction Stop
        Pop-Location
        $r.OutputPath | Should -Be (Join-Path $where $samples[0].Name)
        Test-Path -LiteralPath $r.OutputPath | Should -BeTrue
        @(Get-ChildItem -LiteralPath $cwd -Recurse -Force).Count | Should -Be $before
    }
}

Describe '-Recurse on every cmdlet that reads files' {
    BeforeAll {
        $script:tree = New-TestFolder
        # Names that sort around the separator ('.' before it, '0' after it), a deeper level and an empty folder.
        foreach ($sub in '', 'a', 'a/b', 'a0', 'b c') {
            New-DicomSample -Path (Join-Path $tree $sub) -Count 2 -Seed (20 + $sub.Length) | Out-Null
        }
        Copy-Item -LiteralPath (Join-Path $tree 'a/b/CT-0001.dcm') -Destination (Join-Path $tree 'a.dcm')
        New-Item -ItemType Directory -Path (Join-Path $tree 'empty') | Out-Null
        # Hidden entries, which Get-ChildItem leaves out without -Force: a dot file (a macOS ._ copy) and a dot folder.
        Copy-Item -LiteralPath (Join-Path $tree 'a/b/CT-0001.dcm') -Destination (Join-Path $tree 'a/._CT-0001.dcm')
        New-Item -ItemType Directory -Path (Join-Path $tree '.cache') | Out-Null
        Copy-Item -LiteralPath (Join-Path $tree 'a/b/CT-0001.dcm') -Destination (Join-Path $tree '.cache/x.dcm')
        $script:treeFiles = [string[]]@(Get-ChildItem -LiteralPath $tree -File -Recurse | ForEach-Object FullName)
        [Array]::Sort($treeFiles, [StringComparer]::Ordinal)
        $script:readers = @{
            'Get-DicomIdentifier'   = { param($splat) Get-DicomIdentifier @splat | ForEach-Object Path }
            'Get-DicomDataset'      = { param($splat) Get-DicomDataset -HeaderOnly @splat | ForEach-Object Path }
            'Test-DicomBurnedPixel' = { param($splat) Test-DicomBurnedPixel -Recipe dicom @splat | ForEach-Object Path }
            'Split-DeidWork'        = { param($splat) Split-DeidWork -ShardCount 3 @splat | ForEach-Object Path }
        }
    }

    AfterAll {
        Remove-Item $script:tree -Recurse -Force -ErrorAction SilentlyContinue
    }

    It '<command> reads every file under a folder, in ordinal path order, by -Path, -LiteralPath and a piped folder' -ForEach @(
        @{ command = 'Get-DicomIdentifier' }, @{ command = 'Get-DicomDataset' }, @{ command = 'Test-DicomBurnedPixel' }, @{ command = 'Split-DeidWork' }
    ) {
        $treeFiles.Count | Should -Be 11
        & $readers[$command] @{ Path = $tree; Recurse = $true } | Should -Be $treeFiles
        & $readers[$command] @{ LiteralPath = $tree; Recurse = $true } | Should -Be $treeFiles
        $piped = switch ($command) {
            'Get-DicomIdentifier' { Get-Item -LiteralPath $tree | Get-DicomIdentifier -Recurse | ForEach-Object Path }
            'Get-DicomDataset' { Get-Item -LiteralPath $tree | Get-DicomDataset -Recurse -HeaderOnly | ForEach-Object Path }
            'Test-DicomBurnedPixel' { $tree | Test-DicomBurnedPixel -Recurse -Recipe dicom | ForEach-Object Path }
            'Split-DeidWork' { $tree | Split-DeidWork -Recurse -ShardCount 3 | ForEach-Object Path }
        }
        $piped | Should -Be $treeFiles
    }

    It '<command> without -Recurse skips the folder with a warning whose advice it takes' -ForEach @(
        @{ command = 'Get-DicomIdentifier' }, @{ command = 'Get-DicomDataset' }, @{ command = 'Test-DicomBurnedPixel' }, @{ command = 'Split-DeidWork' },
        @{ command = 'Invoke-DeidReplace' }, @{ command = 'Clear-DicomPixel' }
    ) {
        $warns = $null
        $out = switch ($command) {
            'Invoke-DeidReplace' { Invoke-DeidReplace -Path $tree -Recipe dicom -OutputFolder (Join-Path $TestDrive 'never') -PassThru -WarningVariable warns -WarningAction SilentlyContinue }
            'Clear-DicomPixel' { Clear-DicomPixel -Path $tree -Recipe dicom -OutputFolder (Join-Path $TestDrive 'never') -PassThru -WarningVariable warns -WarningAction SilentlyContinue }
            default {
                # The warning is written inside the script block, so it is caught by redirection rather than a variable.
                $all = @(& $readers[$command] @{ Path = $tree } 3>&1)
                $warns = @($all | Where-Object { $_ -is [System.Management.Automation.WarningRecord] })
                @($all | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] })
            }
        }
        @($out).Count | Should -Be 0
        "$warns" | Should -BeLike "*'$tree' is a folder; add -Recurse*"
        (Get-Command $command).Parameters.ContainsKey('Recurse') | Should -BeTrue
    }

    It 'does not advise -Recurse where there is none (<command>)' -ForEach @(@{ command = 'Compare-DicomDataset' }, @{ command = 'Merge-DeidCrosswalk' }) {
        $warns = $null
        switch ($command) {
            'Compare-DicomDataset' { Compare-DicomDataset -ReferenceObject $tree -DifferenceObject $treeFiles[0] -WarningVariable warns -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Out-Null }
            'Merge-DeidCrosswalk' { Merge-DeidCrosswalk -Path $tree -OutputPath (Join-Path $TestDrive 'merged.csv') -WarningVariable warns -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Out-Null }
        }
        "$warns" | Should -BeLike "*'$tree' is a folder; pipe Get-ChildItem*"
        "$warns" | Should -Not -BeLike '*-Recurse (*'
        (Get-Command $command).Parameters.ContainsKey('Recurse') | Should -BeFalse
    }

    It '<command> mirrors a piped folder (<how>) under -OutputFolder with -Recurse, leaving out an output folder inside the tree' -ForEach @(
        @{ command = 'Invoke-DeidReplace'; how = 'Get-Item' }, @{ command = 'Invoke-DeidReplace'; how = 'string' },
        @{ command = 'Clear-DicomPixel'; how = 'Get-Item' }, @{ command = 'Clear-DicomPixel'; how = 'string' }
    ) {
        $work = Join-Path $TestDrive "mirror-$command-$how"
        Copy-Item -LiteralPath $tree -Destination $work -Recurse
        # A region to clean in every image: Clear-DicomPixel writes no copy of a file flagged without one.
        $flagAll = Join-Path $TestDrive 'deid.corner'
        "FORMAT dicom`n`n%filter blacklist`n`nLABEL Every image`n  present Rows`n  coordinates 0,0,8,8`n" | Set-Content -LiteralPath $flagAll
        $out = Join-Path $work 'zz-out'
        $inputObject = if ($how -eq 'Get-Item') { Get-Item -LiteralPath $work } else { $work }
        $results = switch ($command) {
            'Invoke-DeidReplace' { $inputObject | Invoke-DeidReplace -Recurse -Recipe dicom -OutputFolder $out -PassThru -WarningAction SilentlyContinue }
            'Clear-DicomPixel' { $inputObject | Clear-DicomPixel -Recurse -Recipe $flagAll -OutputFolder $out -PassThru -WarningAction SilentlyContinue }
        }
        $expected = [string[]]@($treeFiles | ForEach-Object { $_.Substring($tree.Length + 1) })
        $results.Count | Should -Be 11
        $written = [string[]]@(Get-ChildItem -LiteralPath $out -File -Recurse | ForEach-Object { $_.FullName.Substring($out.Length + 1) })
        [Array]::Sort($written, [StringComparer]::Ordinal)
        $written | Should -Be $expected
        # Run again into the same folder: the copies inside the tree are not read back as inputs.
        $again = switch ($command) {
            'Invoke-DeidReplace' { $inputObject | Invoke-DeidReplace -Recurse -Recipe dicom -OutputFolder $out -SkipExisting -PassThru -WarningAction SilentlyContinue }
            'Clear-DicomPixel' { $inputObject | Clear-DicomPixel -Recurse -Recipe $flagAll -OutputFolder $out -SkipExisting -PassThru -WarningAction SilentlyContinue }
        }
        @($again).Count | Should -Be 11
        @(Get-ChildItem -LiteralPath $out -File -Recurse).Count | Should -Be 11
    }

    It 'does not read a folder that is the output folder or inside it, and says so' {
        $out = Join-Path $TestDrive 'own-out'
        Copy-Item -LiteralPath $tree -Destination $out -Recurse
        foreach ($given in @($out, (Join-Path $out 'a'))) {
            $warns = $null
            $r = @(Invoke-DeidReplace -Path $given -Recurse -Recipe dicom -OutputFolder $out -PassThru -WarningVariable warns -WarningAction SilentlyContinue)
            $r.Count | Should -Be 0
            "$warns" | Should -BeLike "*'$given' is inside the output folder*"
        }
        @(Get-ChildItem -LiteralPath $out -File -Recurse).Count | Should -Be 11
    }

    It 'reports a file in the tree that is not DICOM by name and reads the rest (-Recurse)' {
        $work = Join-Path $TestDrive 'with-broken'
        Copy-Item -LiteralPath $tree -Destination $work -Recurse
        Set-Content -LiteralPath (Join-Path $work 'a/zz-broken.dcm') -Value 'not DICOM'
        $errors = $null
        $ids = @(Get-DicomIdentifier -Path $work -Recurse -ErrorVariable errors -ErrorAction SilentlyContinue)
        $ids.Count | Should -Be 11
        @($errors).Count | Should -Be 1
        "$($errors[0].TargetObject)" | Should -Be (Join-Path $work 'a/zz-broken.dcm')
    }
}

# Get-DicomIdentifier reads files in parallel windows (IdentifierExtractor.Window, a FileWindow): order, errors and -ErrorAction behave as one at a time.
Describe 'Get-DicomIdentifier over many files' {
    BeforeAll {
        $script:many = New-TestFolder
        $script:manyFiles = @(New-DicomSample -Path $many -Count 80 -Seed 12 | ForEach-Object FullName)
        $script:broken = Join-Path $many 'zz-broken.dcm'
        Set-Content -LiteralPath $broken -Value 'not DICOM'
        # The broken file in the middle of the input.
        $script:inputFiles = @($manyFiles[0..39]) + $broken + @($manyFiles[40..79])
    }

    AfterAll {
        Remove-Item $script:many -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'returns the objects in input order with -ThrottleLimit <limit>, and reports the broken file in its place' -ForEach @(@{ limit = 1 }, @{ limit = 2 }, @{ limit = 4 }) {
        $errors = $null
        $ids = @($inputFiles | Get-DicomIdentifier -ThrottleLimit $limit -ErrorVariable errors -ErrorAction SilentlyContinue)
        $ids.Path | Should -Be $manyFiles
        @($errors).Count | Should -Be 1
        "$($errors[0])" | Should -Match 'zz-broken'
        $ids[5].PatientID | Should -Not -BeNullOrEmpty
    }

    It 'gives the objects it builds on its reading threads the module''s members and views' {
        # 80 files with two threads: nearly all of them are made off the pipeline thread.
        $ids = @($manyFiles | Get-DicomIdentifier -ThrottleLimit 2)
        $ids.Count | Should -Be 80
        foreach ($id in $ids) {
            $id.PSChildName | Should -Be ([IO.Path]::GetFileName($id.Path))
            $id.PSPath | Should -Be ('Microsoft.PowerShell.Core\FileSystem::' + $id.Path)
            $id.PatientID | Should -Be $id.Fields['(0010,0020)'].Value
        }
        $table = $ids | Select-Object -First 3 | Format-Table | Out-String -Width 120
        $table | Should -Match 'PatientID\s+PatientName'
        $table | Should -Match ([regex]::Escape($ids[0].PatientID))
        # Path is the first column Export-Csv writes, as for objects made on the pipeline thread.
        (@($ids | Select-Object -First 2 | ConvertTo-Csv -NoTypeInformation)[0] -split ',')[0] | Should -Be '"Path"'
    }

    It 'stops at Select-Object -First while the next window is being read, and runs again at once' {
        # 240 inputs are four windows of 64 with two threads: the first objects go out while the second window is read.
        $inputs = @($manyFiles) * 3
        $first = @($inputs | Get-DicomIdentifier -ThrottleLimit 2 | Select-Object -First 3)
        $first.Path | Should -Be $manyFiles[0..2]
        @($inputs | Get-DicomIdentifier -ThrottleLimit 2).Count | Should -Be 240
    }

    It 'stops at the broken file with -ErrorAction Stop, having written every object before it' {
        $seen = [System.Collections.Generic.List[object]]::new()
        { $inputFiles | Get-DicomIdentifier -ErrorAction Stop | ForEach-Object { $seen.Add($_) } } | Should -Throw '*zz-broken*'
        $seen.Path | Should -Be $manyFiles[0..39]
    }
}

# -Path with wildcards in its last part is listed by the module itself (LeafGlob: PowerShell's globber cost 60–75 µs an entry).
# Whatever it gives must be exactly what PowerShell's own resolution gives, entry for entry and in the same order.
Describe '-Path wildcards in the last part, against PowerShell''s own resolution' {
    BeforeAll {
        $script:tricky = Join-Path $folder 'tricky'
        New-Item -ItemType Directory -Path $tricky | Out-Null
        $dicom = [IO.File]::ReadAllBytes($names[0])
        $fileNames = @('b.dcm', 'B2.DCM', 'a.dcm', 'A b.dcm', '_u.dcm', '1.dcm', '10.dcm', '2.dcm', 'ä.dcm', 'é.dcm', 'Z.dcm',
            'x[1].dcm', 'c.DcM', 'notes.txt', 'noext', '.hidden.dcm', 'ß.dcm', 'Ab.dcm', 'ab.dcm', '日本.dcm', 'x y.dcm', '~tilde.dcm')
        foreach ($n in $fileNames) { [IO.File]::WriteAllBytes([IO.Path]::Combine($tricky, $n), $dicom) }
        foreach ($d in @('sub', 'A-dir', 'zz.dcm', '.hdir')) { New-Item -ItemType Directory -Path ([IO.Path]::Combine($tricky, $d)) | Out-Null }
        if (-not $IsWindows) {
            New-Item -ItemType SymbolicLink -Path ([IO.Path]::Combine($tricky, 'link.dcm')) -Target ([IO.Path]::Combine($tricky, 'a.dcm')) | Out-Null
            New-Item -ItemType SymbolicLink -Path ([IO.Path]::Combine($tricky, 'dirlink')) -Target ([IO.Path]::Combine($tricky, 'sub')) | Out-Null
        }
        function script:PowerShellFiles([string]$pattern) {
            @($ExecutionContext.SessionState.Path.GetResolvedProviderPathFromPSPath($pattern, [ref]$null) | Where-Object { -not [IO.Directory]::Exists($_) })
        }
        function script:PowerShellFolders([string]$pattern) {
            @($ExecutionContext.SessionState.Path.GetResolvedProviderPathFromPSPath($pattern, [ref]$null) | Where-Object { [IO.Directory]::Exists($_) })
        }
    }

    It 'names the files PowerShell names, in its order, for <pattern>' -ForEach @(
        @{ pattern = '*' }, @{ pattern = '*.dcm' }, @{ pattern = '*.DCM' }, @{ pattern = '?.dcm' }, @{ pattern = '[ab]*' },
        @{ pattern = '[a-c]*.dcm' }, @{ pattern = 'a*' }, @{ pattern = '*b*' }, @{ pattern = '.h*' }, @{ pattern = '*.nothing' },
        @{ pattern = '*[1]*' }, @{ pattern = '??.dcm' }, @{ pattern = '*.d?m' }, @{ pattern = 'z*' }, @{ pattern = '*link*' }
    ) {
        $full = Join-Path $tricky $pattern
        $expected = PowerShellFiles $full
        $warnings = $null
        $got = @(Test-DicomBurnedPixel -Recipe dicom -Path $full -WarningVariable warnings -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | ForEach-Object Path)
        # notes.txt and noext are DICOM too here (copies), so every file gives a result; folders give a warning each.
        $got | Should -Be $expected
        @($warnings).Count | Should -Be (PowerShellFolders $full).Count
    }

    It 'gives the same for relative forms (<pattern>) from the current location' -ForEach @(
        @{ pattern = 'tricky/*' }, @{ pattern = './tricky/*.dcm' }, @{ pattern = 'tricky/../tricky/[ab]*' }, @{ pattern = '*' }
    ) {
        Push-Location $folder
        try {
            $expected = PowerShellFiles $pattern
            $got = @(Test-DicomBurnedPixel -Recipe dicom -Path $pattern -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | ForEach-Object Path)
            $got | Should -Be $expected
            $got.Count | Should -BeGreaterThan 0
        }
        finally {
            Pop-Location
        }
    }

    It 'keeps the matched folders for -Recurse, listed after PowerShell''s order, and reads their files' {
        $got = @(Test-DicomBurnedPixel -Recipe dicom -Path (Join-Path $tricky 's*') -Recurse -WarningAction SilentlyContinue | ForEach-Object Path)
        $got | Should -Contain ([IO.Path]::Combine($tricky, '_u.dcm')) -Because 'no: s* names sub (a folder, empty) and no file' -Not
        $got | Should -BeNullOrEmpty
        $sub = [IO.Path]::Combine($tricky, 'sub')
        Copy-Item $names[1] (Join-Path $sub 'inside.dcm')
        try {
            @(Test-DicomBurnedPixel -Recipe dicom -Path (Join-Path $tricky 's*') -Recurse -WarningAction SilentlyContinue | ForEach-Object Path) | Should -Be @((Join-Path $sub 'inside.dcm'))
        }
        finally {
            Remove-Item (Join-Path $sub 'inside.dcm')
        }
    }
}

Describe 'Inputs are never replaced by another input''s copy' {
    # QA, 2026-12-06: `-Path A/*, B/* -OutputFolder B -Force` wrote A's copies over B's originals before B's were read.
    BeforeAll {
        $script:ovr = Join-Path (New-TestFolder) 'overlap'
        $null = New-DicomSample -Path (Join-Path $ovr 'A') -Count 2 -Seed 1
        $null = New-DicomSample -Path (Join-Path $ovr 'B') -Count 2 -Seed 2
        function Get-BHashes { Get-ChildItem -LiteralPath (Join-Path $ovr 'B') -File | Get-FileHash | ForEach-Object Hash }
        $script:before = Get-BHashes
    }

    It 'refuses, with -Path lists, every copy that would land on an input, with -Force too, and writes nothing over them' {
        $errs = $null
        Invoke-DeidReplace -Path (Join-Path $ovr 'A/*'), (Join-Path $ovr 'B/*') -Recipe dicom -OutputFolder (Join-Path $ovr 'B') -Force -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-BHashes | Should -Be $before
        @($errs | Where-Object { $_.FullyQualifiedErrorId -like 'OutputIsAnInput,*' }).Count | Should -Be 2
        "$(@($errs | Where-Object { $_.FullyQualifiedErrorId -like 'OutputIsAnInput,*' })[0])" | Should -BeLike "*A*CT-0001.dcm' would be written to '*B*CT-0001.dcm', which is an input of this batch*even with -Force*"
        # B's own files would be written onto themselves: the batch's own refusal.
        @($errs | Where-Object { "$_" -like '*is the input itself*' }).Count | Should -Be 2
    }

    It 'refuses a piped file''s copy that would land on an input piped before it' {
        $errs = $null
        @(Get-ChildItem -LiteralPath (Join-Path $ovr 'B') -File) + @(Get-ChildItem -LiteralPath (Join-Path $ovr 'A') -File) |
            Invoke-DeidReplace -Recipe dicom -OutputFolder (Join-Path $ovr 'B') -Force -ThrottleLimit 1 -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        Get-BHashes | Should -Be $before
        @($errs | Where-Object { $_.FullyQualifiedErrorId -like 'OutputIsAnInput,*' }).Count | Should -Be 2
    }

    It 'says so when a piped input is where the batch already wrote another file''s copy' {
        $out = Join-Path $ovr 'C'
        $null = New-Item -ItemType Directory -Path $out
        $errs = $null
        $first = Get-ChildItem -LiteralPath (Join-Path $ovr 'A') -File | Select-Object -First 1
        @($first.FullName, (Join-Path $out $first.Name)) | Invoke-DeidReplace -Recipe dicom -OutputFolder $out -ThrottleLimit 1 -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InputIsAnOutput,*'
        "$($errs[0])" | Should -BeLike "*is where this batch puts the copy of '$($first.FullName)'*not read as an input*"
    }
}

Describe 'A path with spaces around it' {
    It 'is not found, and the error says the trimmed path exists and how to trim it (QA: a CSV cell typed by hand)' {
        $folder = New-TestFolder
        $file = @(New-DicomSample -Path (Join-Path $folder 'in') -Count 1 -Seed 3)[0]
        $csv = Join-Path $folder 'padded.csv'
        "Path,id`n`"$($file.FullName) `",SUBJ1" | Set-Content -LiteralPath $csv
        $errs = $null
        Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe dicom -OutputFolder (Join-Path $folder 'out') -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
        "$($errs[0])" | Should -BeLike "*'$($file.FullName)' exists: the value has spaces around it*Trim()*"
        # As it says:
        $r = Import-Csv -LiteralPath $csv | ForEach-Object { $_.Path = $_.Path.Trim(); $_ } | Invoke-DeidReplace -Recipe dicom -OutputFolder (Join-Path $folder 'out') -PassThru -WarningAction SilentlyContinue
        $r.Written | Should -BeTrue
    }
}

# A name whose bytes are not UTF-8 (a file copied from an old Latin-1 share): .NET lists it with U+FFFD and cannot open it, and
# its attributes read as hidden, so listings dropped it without a word (QA: 11 files, 10 copies, no error).
Describe 'A file whose name is not valid UTF-8' -Skip:(-not $IsLinux) {
    BeforeAll {
        $script:odd = Join-Path $folder 'not-utf8'
        New-Item -ItemType Directory -Path $odd | Out-Null
        Copy-Item -LiteralPath $names[0] -Destination (Join-Path $odd 'good.dcm')
        # Only a shell can make the name: .NET writes every name as UTF-8. Nor can .NET delete it (AfterAll).
        & /bin/sh -c 'cp "$1" "$2/M$(printf ''\374'')ller.dcm"' sh $names[1] $odd
        $script:shown = Join-Path $odd "M$([char]0xFFFD)ller.dcm"
    }
    AfterAll {
        & /bin/sh -c 'rm -f "$1"/M*ller.dcm' sh $odd
    }

    It 'is one error naming it from <Name>, and the other file goes on' -TestCases @(
        @{ Name = 'Invoke-DeidReplace -Path folder/*'; Run = { param($o, $c) Invoke-DeidReplace -Path "$odd/*" -Recipe dicom -OutputFolder $o -PassThru @c } }
        @{ Name = 'Invoke-DeidReplace -Path folder -Recurse'; Run = { param($o, $c) Invoke-DeidReplace -Path $odd -Recurse -Recipe dicom -OutputFolder $o -PassThru @c } }
        @{ Name = 'Get-DicomIdentifier -Path folder/*'; Run = { param($o, $c) Get-DicomIdentifier -Path "$odd/*" @c } }
        @{ Name = 'Test-DicomBurnedPixel -Path folder -Recurse'; Run = { param($o, $c) Test-DicomBurnedPixel -Path $odd -Recurse @c } }
    ) {
        $out = Join-Path $folder ('odd-' + [guid]::NewGuid().ToString('N'))
        $common = @{ ErrorVariable = 'failures'; ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue' }
        $results = @(. $Run $out $common)  # dot-sourced: -ErrorVariable sets $failures here
        $errors = @($failures)
        $results.Count | Should -Be 1
        @($results | ForEach-Object { if ($_.SourcePath) { $_.SourcePath } else { $_.Path } }) | Should -Be @(Join-Path $odd 'good.dcm')
        $errors.Count | Should -Be 1
        $errors[0].TargetObject | Should -Be $shown
        "$($errors[0])" | Should -Match 'not valid UTF-8'
    }

    It 'is said when a listing''s string is piped ([IO.Directory]::EnumerateFiles)' {
        $null = [IO.Directory]::EnumerateFiles($odd) | Get-DicomIdentifier -ErrorVariable failures -ErrorAction SilentlyContinue
        $errors = @($failures)
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
        "$($errors[0])" | Should -Match 'U\+FFFD.*not valid UTF-8'
    }
}

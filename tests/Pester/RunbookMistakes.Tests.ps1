# Mistakes a runbook makes that must fail loudly, before anything is written, and never leak: a DICOM file given as the recipe,
# an empty key file, a blank output folder, an unusable crosswalk, an audit gate over nothing, a recipe path with a typo; and
# the module's own objects carrying files named with brackets, or pointed at another file, from one cmdlet to the next.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:inputs = @(New-DicomSample -Path (Join-Path $folder 'in') -Count 2 -Seed 31 | ForEach-Object FullName)
    $script:first = $inputs[0]
    $script:patientId = (Get-DicomDataset -LiteralPath $first -HeaderOnly).PatientID
    function Out-Folder([string]$Name) { Join-Path $script:folder $Name }
    function Get-InputHashes { $inputs | ForEach-Object { (Get-FileHash -LiteralPath $_).Hash } }
    $script:hashes = Get-InputHashes
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A DICOM file given as the recipe' {
    It 'is one error saying what it is, quoting none of its bytes' {
        $err = { Invoke-DeidReplace -LiteralPath $first -Recipe $first -OutputFolder (Out-Folder 'binrecipe') -ErrorAction Stop } |
            Should -Throw -PassThru
        $text = (($err | Out-String) + $err.Exception.ToString()) -replace '\s+', ' ' 
        $text | Should -Match 'is a DICOM file, not a recipe'
        $text | Should -Not -Match ([regex]::Escape($patientId))
        $text | Should -Not -Match 'is not an action'
        Test-Path (Out-Folder 'binrecipe') | Should -BeFalse
    }

    It 'is the same one error from Get-DeidRecipe -Path' {
        $errors = @()
        Get-DeidRecipe -Path $first -ErrorAction SilentlyContinue -ErrorVariable +errors | Out-Null
        $text = ($errors | ForEach-Object { $_.Exception.Message }) -join ' '
        $text | Should -Match 'DICOM file, not a recipe'
        $text | Should -Not -Match ([regex]::Escape($patientId))
    }
}

Describe 'A crosswalk or a key file given as the recipe' {
    It 'is one error from <command>, quoting none of its lines (QA: every original name of the crosswalk was in the errors)' -ForEach @(
        @{ command = 'Invoke-DeidReplace' }, @{ command = 'Get-DeidRecipe' }
    ) {
        $crosswalk = Join-Path $folder "cw-as-recipe-$command.csv"
        $null = Invoke-DeidReplace -LiteralPath $first -Recipe dicom -OutputFolder (Out-Folder "cw-run-$command") -CrosswalkPath $crosswalk -WarningAction SilentlyContinue
        (Get-Content -LiteralPath $crosswalk -Raw) | Should -Match ([regex]::Escape($patientId))
        $errors = @()
        if ($command -eq 'Get-DeidRecipe') { $null = Get-DeidRecipe -Path $crosswalk -ErrorAction SilentlyContinue -ErrorVariable +errors }
        else { $errors = @({ Invoke-DeidReplace -LiteralPath $first -Recipe $crosswalk -OutputFolder (Out-Folder "cw-recipe-$command") -ErrorAction Stop } | Should -Throw -PassThru) }
        $errors.Count | Should -Be 1
        $text = (($errors | Out-String) + ($errors | ForEach-Object { $_.Exception.ToString() })) -replace '\s+', ' '
        $text | Should -Match 'this is not a recipe'
        $text | Should -Not -Match ([regex]::Escape($patientId))
        $text | Should -Not -Match 'is not an action'
    }

    It 'names no byte of a key file given as the recipe' {
        $key = Join-Path $folder 'site.key'
        Set-Content -LiteralPath $key -Value 'Sup3r-Secret-HMAC-Key-2026'
        $err = { Invoke-DeidReplace -LiteralPath $first -Recipe $key -OutputFolder (Out-Folder 'key-as-recipe') -ErrorAction Stop } | Should -Throw -PassThru
        (($err | Out-String) + $err.Exception.ToString()) | Should -Not -Match 'Sup3r'
        Test-Path (Out-Folder 'key-as-recipe') | Should -BeFalse
    }
}

Describe 'An empty key' {
    It 'refuses a key file of no bytes, or of white space only, before writing' -TestCases @(
        @{ Name = 'empty.key'; Bytes = [byte[]]@() }
        @{ Name = 'newline.key'; Bytes = [byte[]]@(10) }
        @{ Name = 'spaces.key'; Bytes = [byte[]]@(32, 32, 13, 10) }
    ) {
        param($Name, $Bytes)
        $keyFile = Out-Folder $Name
        [IO.File]::WriteAllBytes($keyFile, $Bytes)
        { Invoke-DeidReplace -LiteralPath $first -Recipe dicom -OutputFolder (Out-Folder "out-$Name") -KeyFile $keyFile -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*is empty (or holds only white space)*'
        @(Get-ChildItem (Out-Folder "out-$Name") -File -ErrorAction SilentlyContinue).Count | Should -Be 0
    }

    It 'refuses -Key of white space only' {
        $blank = '   '
        { Invoke-DeidReplace -LiteralPath $first -Recipe dicom -OutputFolder (Out-Folder 'blankkey') -Key $blank -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*-Key is empty (or only white space)*'
    }

    It 'says a folder given as -KeyFile is a folder' {
        { Invoke-DeidReplace -LiteralPath $first -Recipe dicom -OutputFolder (Out-Folder 'keyfolder') -KeyFile $folder -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*is a folder*'
    }

    It 'still takes a key file with a secret in it' {
        $keyFile = Out-Folder 'real.key'
        Set-Content -LiteralPath $keyFile -Value 'a-real-secret-0042' -NoNewline
        $r = Invoke-DeidReplace -LiteralPath $first -Recipe dicom -OutputFolder (Out-Folder 'realkey') -KeyFile $keyFile -PassThru
        $r.Succeeded | Should -BeTrue
    }
}

Describe 'A blank -OutputFolder' {
    It 'is an error on <Command>, and nothing is written to the current folder' -TestCases @(
        @{ Command = 'Invoke-DeidReplace' }
        @{ Command = 'Clear-DicomPixel' }
    ) {
        param($Command)
        $here = Out-Folder "cwd-$Command"
        New-Item -ItemType Directory $here | Out-Null
        Push-Location $here
        try {
            foreach ($blank in '', ' ') {
                { & $Command -LiteralPath $first -OutputFolder $blank -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-OutputFolder is empty*'
            }
        }
        finally {
            Pop-Location
        }
        @(Get-ChildItem $here -Force).Count | Should -Be 0
    }
}

Describe 'An output folder that cannot be written to' {
    # Root writes to any folder whatever its mode (the tests run as root in CI), so the folder is one the kernel refuses to all.
    It 'is one terminating error, before any file, for a folder the file system refuses (/proc/1)' -Skip:(-not $IsLinux) {
        { $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder '/proc/1' -ErrorAction SilentlyContinue } |
            Should -Throw -ExpectedMessage "*output folder '/proc/1' cannot be written to*"
    }
}

Describe 'An unusable -CrosswalkPath' {
    It 'is found before any output is written: <Why>' -TestCases @(
        @{ Why = 'a folder'; Make = { param($f) $f } }
        @{ Why = 'in a folder that does not exist'; Make = { param($f) Join-Path $f 'no/such/folder/x.csv' } }
        @{ Why = 'a file that is not a crosswalk'; Make = { param($f) $p = Join-Path $f 'bad.csv'; Set-Content $p "a,b`nnot,a,crosswalk,row"; $p } }
    ) {
        param($Why, $Make)
        $crosswalk = & $Make $folder
        $out = Out-Folder ("cw-" + ($Why -replace '\W', ''))
        { Invoke-DeidReplace -LiteralPath $inputs -Recipe dicom -OutputFolder $out -Key 'crosswalk-key-1' -CrosswalkPath $crosswalk -ErrorAction Stop } |
            Should -Throw
        @(Get-ChildItem $out -File -ErrorAction SilentlyContinue).Count | Should -Be 0
    }
}

Describe 'Test-DeidOutput -Quiet over nothing' {
    It 'is False, with a warning, for <Case>' -TestCases @(
        @{ Case = 'an empty pipeline'; Run = { @() | Test-DeidOutput -Quiet -WarningVariable w -WarningAction SilentlyContinue; $w } }
        @{ Case = 'an empty output folder'; Run = { $e = Join-Path $folder 'empty-out'; New-Item -ItemType Directory $e -Force | Out-Null; Test-DeidOutput -OriginalPath (Split-Path $first) -OutputPath $e -Quiet -WarningVariable w -WarningAction SilentlyContinue; $w } }
    ) {
        param($Case, $Run)
        $result = @(& $Run)
        $result[0] | Should -BeFalse
        ($result | Select-Object -Skip 1 | Out-String) | Should -Match 'No output was audited'
    }

    It 'is still True for a clean audited run' {
        $r = Invoke-DeidReplace -LiteralPath $inputs -Recipe dicom -OutputFolder (Out-Folder 'quiet-clean') -PassThru
        $r | Test-DeidOutput -Recipe dicom -Quiet | Should -BeTrue
    }
}

Describe 'A recipe path with a typo' {
    It 'says the file is missing, not that no shipped recipe has that name' {
        { Invoke-DeidReplace -LiteralPath $first -Recipe './no-such.recipe' -OutputFolder (Out-Folder 'typo') -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*there is no such file*'
        { Invoke-DeidReplace -LiteralPath $first -Recipe 'no-such-name' -OutputFolder (Out-Folder 'typo') -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*no shipped recipe named*'
    }
}

Describe 'A shipped recipe named as a PowerShell user types it' {
    It 'takes the name in any case, on every cmdlet that takes a recipe' {
        (Get-DeidRecipe -Name DICOM).Sources | Split-Path -Leaf | Should -Be 'deid.dicom'
        (Get-DeidRecipe Dicom.Ultrasound).Sources | Split-Path -Leaf | Should -Be 'deid.dicom.ultrasound'
        $r = Invoke-DeidReplace -LiteralPath $first -Recipe 'DICOM.Basic-Profile' -OutputFolder (Out-Folder 'case') -PassThru -ErrorAction Stop -WarningAction SilentlyContinue
        $r.Written | Should -BeTrue
        @(Get-DeidAction -Recipe DICOM -Field StudyDate).Count | Should -Be 1
    }

    It 'suggests the name a short word ends (<Typed>), from -Name, a bare word and -Recipe' -TestCases @(
        @{ Typed = 'ultrasound'; Meant = 'dicom.ultrasound' }
        @{ Typed = 'basic-profile'; Meant = 'dicom.basic-profile' }
    ) {
        $expected = "*no shipped recipe named '$Typed'; did you mean '$Meant'?*"
        { Get-DeidRecipe -Name $Typed -ErrorAction Stop } | Should -Throw -ExpectedMessage $expected
        Push-Location $folder
        try {
            $errors = @()
            Get-DeidRecipe $Typed -ErrorAction SilentlyContinue -ErrorVariable +errors | Should -BeNullOrEmpty
            $errors.Count | Should -Be 1
            $errors[0].Exception.Message | Should -BeLike "Cannot find path*$expected"
        }
        finally { Pop-Location }
        { Invoke-DeidReplace -LiteralPath $first -Recipe $Typed -OutputFolder (Out-Folder 'suggest') -ErrorAction Stop } |
            Should -Throw -ExpectedMessage $expected
        Test-Path (Out-Folder 'suggest') | Should -BeFalse
    }
}

Describe 'The module''s objects passed along' {
    BeforeAll {
        $script:bracketFolder = Out-Folder 'brackets'
        New-Item -ItemType Directory $bracketFolder | Out-Null
        $script:bracketed = Join-Path $bracketFolder 'a[1].dcm'
        Copy-Item -LiteralPath $first -Destination $bracketed
    }

    It 'keeps a file named with brackets from <Command>' -TestCases @(
        @{ Command = 'Get-DicomDataset' }
        @{ Command = 'Test-DicomBurnedPixel' }
        @{ Command = 'Get-DicomIdentifier' }
    ) {
        param($Command)
        $ids = Get-Item -LiteralPath $bracketed | Get-DicomIdentifier
        @($ids).Count | Should -Be 1
        $next = @($ids | & $Command -ErrorAction Stop)
        $next.Count | Should -Be 1
        $next[0].Path | Should -Be $bracketed
    }

    It 'takes a Path column naming a bracketed file from a CSV' {
        $csv = Out-Folder 'paths.csv'
        [pscustomobject]@{ Path = $bracketed } | Export-Csv -LiteralPath $csv
        @(Import-Csv -LiteralPath $csv | Get-DicomDataset -HeaderOnly).Count | Should -Be 1
    }

    It 'de-identifies the file an identifier object was pointed at' {
        $ids = Get-DicomIdentifier -LiteralPath $inputs[0]
        $ids.Path = $inputs[1]
        $r = $ids | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'repointed') -PassThru
        $r.SourcePath | Should -Be $inputs[1]
        ($ids | Get-DicomDataset -HeaderOnly).Path | Should -Be $inputs[1]
    }
}

Describe 'The inputs' {
    It 'are unchanged after every mistake above' {
        Get-InputHashes | Should -Be $hashes
    }
}

Describe 'A recipe with no header actions' {
    It 'writes its copies with a warning that they keep every value' {
        $empty = Out-Folder 'empty.recipe'
        Set-Content -LiteralPath $empty -Value "FORMAT dicom`n%header`n"
        $r = Invoke-DeidReplace -LiteralPath $first -Recipe $empty -OutputFolder (Out-Folder 'empty-recipe') -PassThru -WarningVariable w -WarningAction SilentlyContinue
        $r.Succeeded | Should -BeTrue
        ($w | Out-String) | Should -Match 'no header actions'
    }

    It 'says nothing of the kind for a recipe that acts' {
        Invoke-DeidReplace -LiteralPath $first -Recipe dicom -OutputFolder (Out-Folder 'acting-recipe') -WarningVariable w -WarningAction SilentlyContinue | Out-Null
        ($w | Out-String) | Should -Not -Match 'no header actions'
    }
}

Describe 'Recipe name completion' {
    It 'finds <Expected> from "<Typed>"' -TestCases @(
        @{ Typed = 'ult'; Expected = 'dicom.ultrasound' }
        @{ Typed = "'dic"; Expected = "'dicom'" }
        @{ Typed = 'retain-uid'; Expected = 'dicom.basic-profile.retain-uids' }
    ) {
        param($Typed, $Expected)
        $line = "Get-DeidRecipe -Name $Typed"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain $Expected
    }

    It 'lists names that start with the text first' {
        $line = 'Invoke-DeidReplace -Recipe dicom.basic-profile.c'
        $texts = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText)
        $texts[0] | Should -BeLike 'dicom.basic-profile.c*'
    }
}

Describe 'An input reached through a link, written with -Force to the folder of its target' {
    It '<command> refuses it as the input itself and leaves the original as it was (QA: the copy replaced the original)' -ForEach @(
        @{ command = 'Invoke-DeidReplace'; recipe = 'dicom' }, @{ command = 'Clear-DicomPixel'; recipe = 'dicom.ultrasound' }
    ) {
        $archive = Out-Folder "archive-$command"
        $links = Out-Folder "links-$command"
        $original = (New-DicomSample -Path $archive -Modality US -Count 1 -Seed 8 -LegibleText).FullName
        $null = New-Item -ItemType Directory -Path $links
        $link = Join-Path $links (Split-Path -Leaf $original)
        $null = New-Item -ItemType SymbolicLink -Path $link -Target $original
        $before = (Get-FileHash -LiteralPath $original).Hash
        & $command -LiteralPath $link -Recipe $recipe -OutputFolder $archive -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures.Count | Should -Be 1
        "$($failures[0])" | Should -Match 'is the input itself'
        (Get-FileHash -LiteralPath $original).Hash | Should -Be $before
        @(Get-ChildItem -LiteralPath $archive -Force).Count | Should -Be 1
    }
}

# QA 2026-12-07: the batch-wide rule "no copy over another input, even with -Force" compared paths as written, so an input
# reached through a link (to the file, or through a linked folder) was replaced by another input's copy; and an output folder
# inside a -Recurse tree, spelled through a link one way and not the other, was read back on every resume.
Describe 'Inputs and output folders spelled through links' {
    BeforeAll {
        $script:linkRoot = Out-Folder 'links-batch'
        $script:ct = @(New-DicomSample -Path (Join-Path $linkRoot 'samples') -Count 3 -Seed 31)
    }

    It 'refuses another input''s copy over the original behind a linked input (<how>), with -Force, in either order' -ForEach @(
        @{ how = 'a link to the file'; order = 1 }, @{ how = 'a link to the file'; order = 2 },
        @{ how = 'a linked folder'; order = 1 }, @{ how = 'a linked folder'; order = 2 }
    ) {
        $case = Join-Path $linkRoot "case-$($how -replace ' ', '-')-$order"
        $archive = Join-Path $case 'archive'
        $in = Join-Path $case 'in'
        $null = New-Item -ItemType Directory -Path $archive, $in
        Copy-Item -LiteralPath $ct[0].FullName -Destination (Join-Path $archive 'b.dcm')
        Copy-Item -LiteralPath $ct[1].FullName -Destination (Join-Path $in 'b.dcm')
        if ($how -eq 'a link to the file') {
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $in 'a.dcm') -Target (Join-Path $archive 'b.dcm')
            $linked = Join-Path $in 'a.dcm'
        }
        else {
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $case 'alias') -Target $archive
            $linked = Join-Path $case 'alias/b.dcm'
        }
        $before = (Get-FileHash -LiteralPath (Join-Path $archive 'b.dcm')).Hash
        $paths = if ($order -eq 1) { $linked, (Join-Path $in 'b.dcm') } else { (Join-Path $in 'b.dcm'), $linked }
        Invoke-DeidReplace -LiteralPath $paths -Recipe dicom -OutputFolder $archive -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        (Get-FileHash -LiteralPath (Join-Path $archive 'b.dcm')).Hash | Should -Be $before
        @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'OutputIsAnInput*' }).Count | Should -Be 1
    }

    It 'refuses every copy -OutputName would write over a linked input''s original' {
        $case = Join-Path $linkRoot 'case-output-name'
        $archive = Join-Path $case 'archive'
        $in = Join-Path $case 'in'
        $null = New-Item -ItemType Directory -Path $archive, $in
        Copy-Item -LiteralPath $ct[0].FullName -Destination (Join-Path $archive 'real.dcm')
        $null = New-Item -ItemType SymbolicLink -Path (Join-Path $in 'CT-0001.dcm') -Target (Join-Path $archive 'real.dcm')
        Copy-Item -LiteralPath $ct[1].FullName -Destination (Join-Path $in 'CT-0002.dcm')
        $before = (Get-FileHash -LiteralPath (Join-Path $archive 'real.dcm')).Hash
        Invoke-DeidReplace -Path (Join-Path $in '*') -Recipe dicom -OutputFolder $archive -OutputName real.dcm -Force -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Out-Null
        (Get-FileHash -LiteralPath (Join-Path $archive 'real.dcm')).Hash | Should -Be $before
        $failures.Count | Should -Be 2
    }

    It 'never reads back an output folder inside the tree when <which> is spelled through a link' -ForEach @(
        @{ which = 'the output folder' }, @{ which = 'the tree' }
    ) {
        $case = Join-Path $linkRoot "case-recurse-$($which -replace ' ', '-')"
        $tree = Join-Path $case 'data/in'
        $null = New-Item -ItemType Directory -Path $tree
        Copy-Item -LiteralPath $ct[0].FullName, $ct[1].FullName -Destination $tree
        $alias = Join-Path $case 'data-alias'
        $null = New-Item -ItemType SymbolicLink -Path $alias -Target (Join-Path $case 'data')
        $walk = if ($which -eq 'the tree') { Join-Path $alias 'in' } else { $tree }
        $out = if ($which -eq 'the tree') { Join-Path $tree 'out' } else { Join-Path $alias 'in/out' }
        foreach ($run in 1..3) {
            $results = @(Invoke-DeidReplace -Path $walk -Recurse -OutputFolder $out -SkipExisting -Recipe dicom -PassThru -WarningAction SilentlyContinue)
            $results.Count | Should -Be 2
            @($results | Where-Object { $_.SourcePath -like '*/out/*' }) | Should -BeNullOrEmpty
        }
        Test-Path (Join-Path $tree 'out/out') | Should -BeFalse
    }
}

Describe 'An error the module does not expect, met on one file' {
    BeforeAll {
        # A value whose text cannot be had: the exception reaches the batch as no known fault of a file does.
        if (-not ('DeidTestThrowingValue' -as [type])) {
            Add-Type -TypeDefinition @'
public sealed class DeidTestThrowingValue : System.IFormattable {
    public string ToString(string format, System.IFormatProvider provider) { throw new System.InvalidOperationException("no text for this value"); }
    public override string ToString() { throw new System.InvalidOperationException("no text for this value"); }
}
'@
        }
        if (-not ('DeidTestExhaustedValue' -as [type])) {
            Add-Type -TypeDefinition @'
public sealed class DeidTestExhaustedValue : System.IFormattable {
    public string ToString(string format, System.IFormatProvider provider) { throw new System.OutOfMemoryException("no memory for this value"); }
    public override string ToString() { throw new System.OutOfMemoryException("no memory for this value"); }
}
'@
        }
        $script:throwing = Join-Path $folder 'deid.throwing'
        'FORMAT dicom', '%header', 'REPLACE PatientName var:name' | Set-Content -LiteralPath $throwing
        function script:Get-Rows {
            [pscustomobject]@{ Path = $inputs[0]; name = [DeidTestThrowingValue]::new() }
            [pscustomobject]@{ Path = $inputs[1]; name = 'SOUND^FILE' }
        }
    }

    It 'is that file''s error, said as unexpected, and the batch goes on (QA: it ended the batch)' {
        $out = Out-Folder 'unexpected'
        $results = @(Get-Rows | Invoke-DeidReplace -Recipe $throwing -OutputFolder $out -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'UnexpectedError,*'
        $failures[0].CategoryInfo.Category | Should -Be 'NotSpecified'
        $failures[0].TargetObject | Should -Be $inputs[0]
        "$($failures[0])" | Should -BeLike "$($inputs[0]): an unexpected System.InvalidOperationException (not a known fault of the file): no text for this value"
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'bug in Deid'
        $failures[0].Exception | Should -BeOfType [InvalidOperationException]
        # The file after it is written; nothing, not even a temporary file, of the one that failed.
        $results.Count | Should -Be 1
        $results[0].SourcePath | Should -Be $inputs[1]
        (Get-DicomDataset -LiteralPath $results[0].OutputPath -HeaderOnly).PatientName | Should -Be 'SOUND^FILE'
        @(Get-ChildItem -LiteralPath $out -Force).Name | Should -Be @(Split-Path $inputs[1] -Leaf)
    }

    It 'stops the command at an error that says the session cannot go on (out of memory), said as itself' {
        $rows = @([pscustomobject]@{ Path = $inputs[0]; name = [DeidTestExhaustedValue]::new() }, [pscustomobject]@{ Path = $inputs[1]; name = 'SOUND^FILE' })
        $out = Out-Folder 'exhausted'
        $err = $null
        # Met by a worker (ThrottleLimit 2): the batch's record names the file; on the pipeline thread (1) the exception itself.
        foreach ($throttle in 2, 1) {
            try { $rows | Invoke-DeidReplace -Recipe $throwing -OutputFolder $out -ThrottleLimit $throttle -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }
            catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike '*OutOfMemoryException,Deid.PowerShell.Commands.InvokeDeidReplaceCommand'
            "$err" | Should -BeLike '*no memory for this value*'
            if ($throttle -eq 2) { "$err" | Should -BeLike "$($inputs[0]): *" }
            $err.ErrorDetails.RecommendedAction | Should -BeNullOrEmpty
            $err = $null
        }
        @(Get-ChildItem -LiteralPath $out -Force -ErrorAction SilentlyContinue | Where-Object Name -like '*.tmp').Count | Should -Be 0
    }

    It 'stops the command there with -ErrorAction Stop, as any file''s error does' {
        $out = Out-Folder 'unexpected-stop'
        { Get-Rows | Invoke-DeidReplace -Recipe $throwing -OutputFolder $out -ErrorAction Stop } |
            Should -Throw -ErrorId 'UnexpectedError,Deid.PowerShell.Commands.InvokeDeidReplaceCommand'
    }
}

Describe 'A value too long for any writer' {
    It 'is each file''s ValueTooLong error naming the recipe line, quoting the line shortened (QA: it named only the meta''s copy)' {
        $recipe = Join-Path $folder 'deid.long'
        'FORMAT dicom', '%header', ('REPLACE SOPInstanceUID 1.' + ('2' * 70000)) | Set-Content -LiteralPath $recipe
        $out = Out-Folder 'too-long'
        $results = @(Invoke-DeidReplace -LiteralPath $inputs -Recipe $recipe -OutputFolder $out -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue -WarningVariable warned -WarningAction SilentlyContinue)
        $results.Count | Should -Be 0
        $failures.Count | Should -Be $inputs.Count
        $failures | ForEach-Object {
            $_.FullyQualifiedErrorId | Should -BeLike 'ValueTooLong,*'
            "$_" | Should -Match ([regex]::Escape('(70,025 characters) (recipe deid.long:3): the new value of (0008,0018) is 70,002 bytes'))
            "$_".Length | Should -BeLessThan 500
        }
        $warned | ForEach-Object { "$_".Length | Should -BeLessThan 500 }
        @(Get-ChildItem -LiteralPath $out -Force -ErrorAction SilentlyContinue).Count | Should -Be 0
    }
}

Describe 'A crosswalk whose IDs a spreadsheet shortened' {
    It 'is written as given, with one warning per column naming it and not the value (Excel saves 123456789012345678 as 1.23457E+17)' {
        $csv = Join-Path $folder 'excel-ids.csv'
        Set-Content -LiteralPath $csv -Value (@('Path,id,site') + @($inputs | ForEach-Object { "$_,1.23457E+17,NORTH" }))
        $recipe = Join-Path $folder 'deid.excel'
        'FORMAT dicom', '%header', 'REPLACE PatientID var:id', 'REPLACE InstitutionName var:site' | Set-Content -LiteralPath $recipe
        $out = Out-Folder 'excel'
        $results = @(Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe $recipe -OutputFolder $out -PassThru -WarningVariable warned -WarningAction SilentlyContinue)
        $results.Count | Should -Be $inputs.Count
        $said = @($warned | Where-Object { "$_" -match 'scientific notation' })
        $said.Count | Should -Be 1
        "$($said[0])" | Should -Match "variable 'id'"
        "$($said[0])" | Should -Not -Match '1\.23457'
        (Get-DicomDataset -LiteralPath $results[0].OutputPath -HeaderOnly).PatientID | Should -Be '1.23457E+17'
    }

    It 'says once per recipe line that a date column a spreadsheet reformatted is no DICOM date, giving its shape, not the value' {
        $csv = Join-Path $folder 'excel-dates.csv'
        Set-Content -LiteralPath $csv -Value (@('Path,shift') + @($inputs | ForEach-Object { "$_,3/14/2021" }))
        $recipe = Join-Path $folder 'deid.exceldate'
        'FORMAT dicom', '%header', 'REPLACE StudyDate var:shift' | Set-Content -LiteralPath $recipe
        $results = @(Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe $recipe -OutputFolder (Out-Folder 'excel-dates') -PassThru -WarningVariable warned -WarningAction SilentlyContinue)
        $results.Count | Should -Be $inputs.Count
        $said = @($warned | Where-Object { "$_" -match 'is no DA date' })
        $said.Count | Should -Be 1
        "$($said[0])" | Should -BeLike "$($inputs[0]):*(recipe deid.exceldate:3)*'9/99/9999'*"
        "$($said[0])" | Should -Not -Match '3/14/2021'
        (Get-DicomDataset -LiteralPath $results[1].OutputPath -HeaderOnly).StudyDate | Should -Be '3/14/2021'
    }
}

Describe 'A spreadsheet''s CSV read in the wrong encoding, or with its cells as Excel leaves them (QA of 2026-12-07)' {
    It 'refuses a name with a C1 control (Windows-1252 read as Latin-1), advising -Encoding windows-1252' {
        $csv = Join-Path $folder 'excel-1252.csv'
        # O'Brien^OEdile as Excel's "CSV" writes it with a typographic apostrophe (0x92 in Windows-1252) and the ligature OE (0x8C).
        $bytes = [Text.Encoding]::ASCII.GetBytes("Path,name`r`n$first,O") + [byte[]](0x92) + [Text.Encoding]::ASCII.GetBytes('Brien^') + [byte[]](0x8C) + [Text.Encoding]::ASCII.GetBytes("dile`r`n")
        [IO.File]::WriteAllBytes($csv, $bytes)
        $recipe = Join-Path $folder 'deid.c1'
        'FORMAT dicom', '%header', 'REPLACE PatientName var:name' | Set-Content -LiteralPath $recipe
        $out = Out-Folder 'c1'
        Import-Csv -LiteralPath $csv -Encoding Latin1 | Invoke-DeidReplace -Recipe $recipe -OutputFolder $out -ErrorVariable failures -ErrorAction SilentlyContinue | Out-Null
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'ControlCharacter*'
        "$($failures[0])" | Should -Match 'U\+0092'
        $failures[0].ErrorDetails.RecommendedAction + $failures[0].CategoryInfo + "$($failures[0] | Out-String)" | Should -Match 'windows-1252'
        @(Get-ChildItem -LiteralPath $out -File -ErrorAction SilentlyContinue).Count | Should -Be 0
        $written = @(Import-Csv -LiteralPath $csv -Encoding windows-1252 | Invoke-DeidReplace -Recipe $recipe -OutputFolder (Out-Folder 'c1-right') -PassThru)
        (Get-DicomDataset -LiteralPath $written[0].OutputPath -HeaderOnly).PatientName | Should -Be ('O' + [char]0x2019 + 'Brien^' + [char]0x152 + 'dile')
    }

    It 'warns once that UTF-8 text read as Latin-1 (MÃ¼ller) looks misread, naming the variable, not the value' {
        $csv = Join-Path $folder 'utf8-nobom.csv'
        [IO.File]::WriteAllText($csv, "Path,name`n" + (($inputs | ForEach-Object { "$_,Müller^Jürgen" }) -join "`n") + "`n", [Text.UTF8Encoding]::new($false))
        $recipe = Join-Path $folder 'deid.mojibake'
        'FORMAT dicom', '%header', 'REPLACE PatientName var:name' | Set-Content -LiteralPath $recipe
        $results = @(Import-Csv -LiteralPath $csv -Encoding Latin1 | Invoke-DeidReplace -Recipe $recipe -OutputFolder (Out-Folder 'mojibake') -PassThru -WarningVariable warned -WarningAction SilentlyContinue)
        $results.Count | Should -Be $inputs.Count
        $said = @($warned | Where-Object { "$_" -match 'decoded as Latin-1' })
        $said.Count | Should -Be 1
        "$($said[0])" | Should -Match "variable 'name'"
        "$($said[0])" | Should -Match 'Import-Csv -Encoding utf8'
        "$($said[0])" | Should -Not -Match 'Jürgen|JÃ'
        $quiet = @(Import-Csv -LiteralPath $csv -Encoding utf8 | Invoke-DeidReplace -Recipe $recipe -OutputFolder (Out-Folder 'mojibake-right') -PassThru -WarningVariable right -WarningAction SilentlyContinue)
        @($right | Where-Object { "$_" -match 'decoded as Latin-1' }).Count | Should -Be 0
        (Get-DicomDataset -LiteralPath $quiet[0].OutputPath -HeaderOnly).PatientName | Should -Be 'Müller^Jürgen'
    }

    It 'says that a time Excel wrote as <Value> is no TM time (the reader''s retired forms are not new values)' -TestCases @(
        @{ Value = '08:30:00' }, @{ Value = '08:30' }
    ) {
        $csv = Join-Path $folder 'excel-time.csv'
        Set-Content -LiteralPath $csv -Value (@('Path,t') + @($inputs | ForEach-Object { "$_,$Value" }))
        $recipe = Join-Path $folder 'deid.exceltime'
        'FORMAT dicom', '%header', 'REPLACE StudyTime var:t' | Set-Content -LiteralPath $recipe
        $null = Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe $recipe -OutputFolder (Out-Folder "excel-time-$($Value.Length)") -WarningVariable warned -WarningAction SilentlyContinue
        $said = @($warned | Where-Object { "$_" -match 'is no TM time' })
        $said.Count | Should -Be 1
        "$($said[0])" | Should -Match 'give HHMMSS'
        "$($said[0])" | Should -Not -Match 'YYYYMMDD\)'
    }

    It 'uses a column typed beside an exported Variables cell, and says that the two differ' {
        $ids = @(Get-DicomIdentifier -LiteralPath $inputs)
        foreach ($i in $ids) { $i.Variables['id'] = 'DRAFT-' + [IO.Path]::GetFileNameWithoutExtension($i.Path) }
        $csv = Join-Path $folder 'exported.csv'
        $ids | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = @(Import-Csv -LiteralPath $csv)
        $rows | ForEach-Object { $_ | Add-Member -NotePropertyName id -NotePropertyValue ('FINAL-' + [IO.Path]::GetFileNameWithoutExtension($_.Path)) }
        $recipe = Join-Path $folder 'deid.finalid'
        'FORMAT dicom', '%header', 'REPLACE PatientID var:id' | Set-Content -LiteralPath $recipe
        $results = @($rows | Invoke-DeidReplace -Recipe $recipe -OutputFolder (Out-Folder 'finalid') -PassThru -WarningVariable warned -WarningAction SilentlyContinue)
        (Get-DicomDataset -LiteralPath $results[0].OutputPath -HeaderOnly).PatientID | Should -BeLike 'FINAL-*'
        $said = @($warned | Where-Object { "$_" -match "The column 'id' and the exported Variables cell" })
        $said.Count | Should -Be 1
        "$($said[0])" | Should -Not -Match 'DRAFT|FINAL'
    }

    It 'reads a header cell with spaces around its name (an invisible "id " in a spreadsheet) as that name' {
        $csv = Join-Path $folder 'spaced-header.csv'
        Set-Content -LiteralPath $csv -Value (@('Path ," id "') + @($inputs | ForEach-Object { "$_,SUBJ-SPACED" }))
        $recipe = Join-Path $folder 'deid.spaced'
        'FORMAT dicom', '%header', 'REPLACE PatientID var:id' | Set-Content -LiteralPath $recipe
        $results = @(Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe $recipe -OutputFolder (Out-Folder 'spaced') -PassThru -WarningVariable warned -WarningAction SilentlyContinue)
        $results.Count | Should -Be $inputs.Count
        $results | ForEach-Object { $_.Succeeded | Should -BeTrue }
        (Get-DicomDataset -LiteralPath $results[0].OutputPath -HeaderOnly).PatientID | Should -Be 'SUBJ-SPACED'
    }
}

Describe 'An input without a Path' {
    It 'names what it is in the error, never its values (QA: a whole CSV row, names and IDs, was the error''s target)' {
        $csv = Join-Path $folder 'semicolon.csv'
        Set-Content -LiteralPath $csv -Value "Path;PatientName;PatientID;newid`n$first;KRUMKAKE^FELIX;PID231448;SUBJ-77"
        Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'nopath') -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NoPath*'
        "$($failures[0])" | Should -Match "Import-Csv -Delimiter ';'"
        $everything = ($failures[0] | Out-String) + ($failures[0] | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue) + "$($failures[0].TargetObject)"
        $everything | Should -Not -Match 'KRUMKAKE|PID231448|SUBJ-77'
        "$($failures[0].TargetObject)" | Should -Be 'PSCustomObject with 1 property'
    }

    It 'is an error, never the current folder, for an empty path: <Case> (QA: with -Recurse it read the tree the script ran in)' -TestCases @(
        @{ Case = 'a blank line of a list'; Make = { param($f) @($f, '') } }
        @{ Case = 'an identifier object whose Path was emptied'; Make = { param($f) $id = Get-DicomIdentifier -LiteralPath $f; $id.Path = ''; $id } }
    ) {
        $here = Out-Folder ('cwd-' + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path (Join-Path $here 'tree') | Out-Null
        Copy-Item -LiteralPath $inputs[1] -Destination (Join-Path $here 'tree/under-cwd.dcm')
        $out = Out-Folder ('cwd-out-' + [guid]::NewGuid().ToString('N'))
        Push-Location $here
        try {
            $results = @(& $Make $first | Invoke-DeidReplace -Recipe dicom -OutputFolder $out -Recurse -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        }
        finally {
            Pop-Location
        }
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'EmptyPath,*'
        "$($failures[0])" | Should -Match 'empty path names no file'
        @($results | Where-Object { $_.SourcePath -like "$here*" }).Count | Should -Be 0
        @(Get-ChildItem -LiteralPath $out -Recurse -File -ErrorAction SilentlyContinue | Where-Object Name -eq 'under-cwd.dcm').Count | Should -Be 0
    }

    It 'says a Path column that is there but blank is blank, and a Path that cannot be read why' {
        $csv = Join-Path $folder 'blank-path.csv'
        Set-Content -LiteralPath $csv -Value "Path,id`n,SUBJ-1"
        Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'blank-path') -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'NoPath*'
        "$($failures[0])" | Should -Be "The input's Path is empty (a blank cell in the CSV's Path column?); nothing is read for it."
        # A row whose every cell is empty (Excel's left-over ',,' lines) is passed over, said under -Verbose, not an error that
        # stops a runbook's -ErrorAction Stop (QA of 2026-12-07); the files of the other rows are written.
        Set-Content -LiteralPath $csv -Value "Path,id`n$first,SUBJ-1`n,`n , "
        $rows = @(Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'blank-rows') -PassThru -ErrorAction Stop -WarningAction SilentlyContinue -Verbose 4>&1)
        @($rows | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and "$_" -like '*every cell is empty*' }).Count | Should -Be 2
        @($rows | Where-Object Written).Count | Should -Be 1
        $throwing = [pscustomobject]@{ id = 'SUBJ-1' } | Add-Member -MemberType ScriptProperty -Name Path -Value { throw 'the share is offline' } -PassThru
        $throwing | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'blank-path') -ErrorVariable failures2 -ErrorAction SilentlyContinue
        $failures2.Count | Should -Be 1
        "$($failures2[0])" | Should -BeLike '*its Path property could not be read: the share is offline*'
    }

    It 'says how to pipe deid''s ids, a table of files each with its values' {
        $ids = @{ $first = @{ id = 'SUBJ-77'; name = 'KRUMKAKE^FELIX' } }
        $ids | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'deid-ids') -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        "$($failures[0])" | Should -Match ([regex]::Escape('$ids.GetEnumerator() | ForEach-Object { @{ Path = $_.Key } + $_.Value }'))
        (($failures[0] | Out-String) + "$($failures[0].TargetObject)") | Should -Not -Match 'KRUMKAKE|SUBJ-77'
        # The hint, as written, works.
        $results = $ids.GetEnumerator() | ForEach-Object { @{ Path = $_.Key } + $_.Value } |
            Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'deid-ids') -PassThru -WarningAction SilentlyContinue
        $results.Written | Should -BeTrue
    }
}

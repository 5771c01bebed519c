# Issue 11 ("runbook-grade cmdlets"): each test reproduces a problem a hospital admin met, items numbered as in the issue.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:inputs = New-DicomSample -Path (Join-Path $folder 'in') -Count 12 -Modality CT -Seed 11 -InstancesPerSeries 6
    function Out-Folder([string]$name) { Join-Path $script:folder $name }
    function New-Recipe([string]$name, [string]$text) {
        $path = Join-Path $script:folder $name
        Set-Content -LiteralPath $path -Value $text
        $path
    }
    # A root of exactly $length characters: 1.2.826.0.1. and 9s.
    function New-Root([int]$length) { '1.2.826.0.1.' + ('9' * ($length - 12)) }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe '1. -UidRoot makes unique, valid UIDs' {
    It 'refuses at binding a root that leaves fewer than 20 digits, saying how long it may be (<length> characters)' -ForEach @(
        @{ length = 44 }, @{ length = 60 }, @{ length = 63 }, @{ length = 65 }
    ) {
        $out = Out-Folder "uidroot-$length"
        $root = New-Root $length
        $root.Length | Should -Be $length
        $err = { Invoke-DeidReplace -Path $inputs[0].FullName -OutputFolder $out -UidRoot $root } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        $err.Exception.Message | Should -Match 'UidRoot'
        $err.Exception.Message | Should -Match 'at most 43'
        Test-Path $out | Should -BeFalse
    }

    It 'refuses an empty or leading-zero component' -ForEach @(@{ root = '1..2' }, @{ root = '1.02.3' }, @{ root = '' }) {
        { Invoke-DeidReplace -Path $inputs[0].FullName -OutputFolder (Out-Folder 'uidroot-bad') -UidRoot $root } | Should -Throw
    }

    It 'gives every file its own valid UID under the longest root allowed (<key>)' -ForEach @(@{ key = 'unkeyed' }, @{ key = 'keyed' }) {
        $root = New-Root 43
        $out = Out-Folder "uidroot-43-$key"
        $extra = if ($key -eq 'keyed') { @{ Key = 'a key that is long enough' } } else { @{} }
        $inputs | Invoke-DeidReplace -OutputFolder $out -UidRoot $root @extra -WarningAction SilentlyContinue
        $uids = Get-ChildItem $out -File | ForEach-Object { (Get-DicomDataset -LiteralPath $_.FullName).SOPInstanceUID }
        $uids.Count | Should -Be $inputs.Count
        @($uids | Sort-Object -Unique).Count | Should -Be $inputs.Count
        foreach ($uid in $uids) {
            $uid.Length | Should -BeLessOrEqual 64
            $uid | Should -Match '^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$'
            $uid | Should -BeLike "$root.*"
            ($uid.Length - $root.Length - 1) | Should -BeGreaterOrEqual 20
        }
    }

    It 'warns, naming the line, about a recipe prefix too long for unique UIDs, and stops on it with -Strict' {
        $recipe = New-Recipe 'deid.longprefix' "FORMAT dicom`n%header`nREPLACE SOPInstanceUID deid_func:pydicom_uuid prefix=$(New-Root 50)."
        $r = Get-DeidRecipe -Path $recipe -WarningVariable w -WarningAction SilentlyContinue
        $r | Should -Not -BeNullOrEmpty
        "$w" | Should -Match ([regex]::Escape("${recipe}:3:24:") + '.*at most 43')
        Get-DeidRecipe -Path $recipe -Strict -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
    }
}

Describe '2. Strict recipe loading' {
    It 'warns about a misspelt keyword, naming file, line and column' {
        $recipe = New-Recipe 'deid.typo' "FORMAT dicom`n%header`nREMOVE PatientNaem`nREMOVE PatientID"
        $r = Get-DeidRecipe -Path $recipe -WarningVariable w -WarningAction SilentlyContinue
        $r.Header.Count | Should -Be 2
        @($w).Count | Should -Be 1
        "$w" | Should -BeLike "${recipe}:3:8: 'PatientNaem' is not a DICOM keyword*"
    }

    It 'reports an unknown action as an error, and every bad line, not only the first' {
        $recipe = New-Recipe 'deid.bad' "FORMAT dicom`n%header`nBLANCK PatientName`nJITTER StudyDate soon`nADD contains:Date 1`nREMOVE PatientID"
        $r = Get-DeidRecipe -Path $recipe -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e.Count | Should -Be 3
        $e[0].Exception.Message | Should -BeLike "${recipe}:3:1: 'BLANCK' is not an action*"
        $e[1].Exception.Message | Should -BeLike "${recipe}:4:*"
        $e[2].Exception.Message | Should -BeLike "${recipe}:5:*"
        $e | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'InvalidRecipe*' }
    }

    It 'names every bad line when -Recipe is given a path' {
        $recipe = New-Recipe 'deid.bad2' "FORMAT dicom`n%header`nBLANCK PatientName`nKEEPX StudyDate"
        $err = { Invoke-DeidReplace -Path $inputs[0].FullName -Recipe $recipe -OutputFolder (Out-Folder 'bad2') } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match ([regex]::Escape("${recipe}:3:1"))
        $err.Exception.Message | Should -Match ([regex]::Escape("${recipe}:4:1"))
    }

    It 'turns warnings into errors with Get-DeidRecipe -Strict' {
        $recipe = New-Recipe 'deid.typo-strict' "FORMAT dicom`n%header`nREMOVE PatientNaem"
        $r = Get-DeidRecipe -Path $recipe -Strict -ErrorVariable e -ErrorAction SilentlyContinue -WarningVariable w
        $r | Should -BeNullOrEmpty
        $e.Count | Should -Be 1
        $e[0].Exception.Message | Should -BeLike "${recipe}:3:8: 'PatientNaem'*"
        @($w).Count | Should -Be 0
    }

    It 'stops <command> -Strict on a recipe with warnings, however the recipe is given' -ForEach @(
        @{ command = 'Invoke-DeidReplace' }, @{ command = 'Clear-DicomPixel' }, @{ command = 'Test-DicomBurnedPixel' },
        @{ command = 'Get-DicomIdentifier' }, @{ command = 'Get-DeidAction' }, @{ command = 'Get-DeidFilter' }
    ) {
        $recipe = New-Recipe "deid.typo-$command" "FORMAT dicom`n%header`nREMOVE PatientNaem"
        $object = Get-DeidRecipe -Path $recipe -WarningAction SilentlyContinue
        $out = Out-Folder "strict-$command"
        $params = @{ Recipe = $object; Strict = $true }
        if ($command -in 'Invoke-DeidReplace', 'Clear-DicomPixel') { $params.OutputFolder = $out }
        if ($command -notin 'Get-DeidAction', 'Get-DeidFilter') { $params.Path = $inputs[0].FullName }
        $err = { & $command @params } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'InvalidRecipe*'
        $err.ErrorDetails.Message | Should -Match ([regex]::Escape("${recipe}:3:8"))
        Test-Path $out | Should -BeFalse
        # The same call without -Strict goes on (the warning was written when the recipe was read).
        $params.Remove('Strict')
        { & $command @params -WarningAction SilentlyContinue } | Should -Not -Throw
    }

    It 'stops Invoke-DeidReplace -Strict when -Recipe is a path with warnings' {
        $recipe = New-Recipe 'deid.typo-path' "FORMAT dicom`n%header`nREMOVE PatientNaem"
        $out = Out-Folder 'strict-path'
        $err = $null
        try { Invoke-DeidReplace -Path $inputs[0].FullName -Recipe $recipe -OutputFolder $out -Strict -WarningAction SilentlyContinue -WarningVariable w }
        catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.ErrorDetails.Message | Should -Match ([regex]::Escape("${recipe}:3:8"))
        Test-Path $out | Should -BeFalse
        # Said once, as the error: the line is not also a warning.
        @($w).Count | Should -Be 0
    }

    It 'loads the shipped recipes and deid''s own conformance recipes with -Strict (<name>)' -ForEach @(
        foreach ($n in 'dicom', 'dicom.basic-profile', 'dicom.ultrasound', 'dicom.xray.chest') { @{ name = $n; path = $null } }
        foreach ($f in 'actions-mix', 'groups', 'private-creator', 'tutorial-cookie') { @{ name = $f; path = "../../../shared/conformance/recipes/$f.dicom" } }
    ) {
        $r = if ($path) { Get-DeidRecipe -Path (Join-Path $PSScriptRoot $path) -Strict -WarningVariable w } else { Get-DeidRecipe -Name $name -Strict -WarningVariable w }
        $r | Should -Not -BeNullOrEmpty
        @($w).Count | Should -Be 0
    }

    It 'lets -Strict pass with the default recipe (the "no recipe given" notice is not about recipe text)' {
        { Get-DeidAction -Strict -WarningAction SilentlyContinue | Select-Object -First 1 } | Should -Not -Throw
    }
}

Describe '3. Crosswalk variables' {
    BeforeAll {
        $script:crossRecipe = New-Recipe 'deid.crosswalk' "FORMAT dicom`n%header`nREPLACE PatientID var:id`nREPLACE PatientName var:name"
    }

    It 'warns about an empty crosswalk cell, naming file and field' {
        $csv = Join-Path $folder 'empty-cell.csv'
        @([pscustomobject]@{ Path = $inputs[0].FullName; id = ''; name = 'Subject^One' }) | Export-Csv -LiteralPath $csv -NoTypeInformation
        $out = Out-Folder 'empty-cell'
        $r = Import-Csv -LiteralPath $csv | Invoke-DeidReplace -Recipe $crossRecipe -OutputFolder $out -PassThru -WarningVariable w -WarningAction SilentlyContinue
        $mine = @($w | Where-Object { "$_" -match "variable 'id' is empty" })
        $mine.Count | Should -Be 1
        "$($mine[0])" | Should -Match ([regex]::Escape($inputs[0].FullName))
        "$($mine[0])" | Should -Match 'PatientID'
        $own = @($r.Warnings | Where-Object Kind -NE 'BurnedInAnnotationKept')
        $own[0].Kind | Should -Be 'EmptyVariable'
        $own[0].Field | Should -Be 'PatientID'
    }

    It 'sets Succeeded false when a variable is missing, and true when all are given' {
        $out = Out-Folder 'missing-var'
        $r = @(
            [pscustomobject]@{ Path = $inputs[0].FullName; id = 'SUBJ-0' }
            [pscustomobject]@{ Path = $inputs[1].FullName; id = 'SUBJ-1'; name = 'Subject^One' }
        ) | Invoke-DeidReplace -Recipe $crossRecipe -OutputFolder $out -PassThru -WarningAction SilentlyContinue
        $r.Count | Should -Be 2
        $r[0].Succeeded | Should -BeFalse
        @($r[0].Warnings.Kind | Where-Object { $_ -ne 'BurnedInAnnotationKept' }) | Should -Be 'MissingVariable'
        $r[1].Succeeded | Should -BeTrue
    }

    It 'reads hashtable rows as it reads objects: Path names the file, every other key is a variable' {
        $out = Out-Folder 'hashtable-rows'
        $r = @(
            @{ Path = $inputs[0].FullName; id = 'SUBJ-H0'; name = 'Subject^Zero' }
            @{ FullName = $inputs[1].FullName; ID = 'SUBJ-H1'; Name = 'Subject^One' }
        ) | Invoke-DeidReplace -Recipe $crossRecipe -OutputFolder $out -PassThru -WarningAction SilentlyContinue
        $r.Count | Should -Be 2
        $r.Succeeded | Should -Be @($true, $true)
        $ids = @($r.OutputPath | Get-DicomIdentifier)
        $ids[0].PatientID | Should -Be 'SUBJ-H0'
        $ids[0].PatientName | Should -Be 'Subject^Zero'
        $ids[1].PatientID | Should -Be 'SUBJ-H1'
        # One without the file it is for: an error that says what to give, and the rest goes on.
        $r = @(@{ id = 'SUBJ-X' }, @{ Path = $inputs[2].FullName; id = 'SUBJ-H2'; name = 'N' }) |
            Invoke-DeidReplace -Recipe $crossRecipe -OutputFolder $out -PassThru -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($r).Count | Should -Be 1
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'NoPath*'
        "$($err[0])" | Should -Match 'no Path or FullName key'
    }

    It 'exports Warnings as text, not a type name' {
        $out = Out-Folder 'export-warnings'
        $csv = Join-Path $folder 'results.csv'
        $inputs[0] | Invoke-DeidReplace -Recipe $crossRecipe -OutputFolder $out -PassThru -WarningAction SilentlyContinue |
            Select-Object SourcePath, Succeeded, Warnings | Export-Csv -LiteralPath $csv -NoTypeInformation
        $row = Import-Csv -LiteralPath $csv
        $row.Succeeded | Should -Be 'False'
        $row.Warnings | Should -Not -Match 'System\.Collections'
        $row.Warnings | Should -Match "variable 'id' is not defined"
        $row.Warnings | Should -Match "variable 'name' is not defined"
    }
}

Describe '4. Identifier objects survive serialization' {
    BeforeAll {
        $script:idRecipe = New-Recipe 'deid.ids' "FORMAT dicom`n%header`nREPLACE PatientID var:id`nADD PatientComments var:note"
        function Get-Ids {
            $n = 0
            foreach ($i in ($inputs[0..2] | Get-DicomIdentifier)) { $i.Variables.id = "SUBJ-$n"; $i.Variables.note = "note $n"; $n++; $i }
        }
        function Assert-Replaced([string]$out) {
            for ($k = 0; $k -lt 3; $k++) {
                $ds = Get-DicomDataset -LiteralPath (Join-Path $out $inputs[$k].Name)
                $ds.PatientID | Should -Be "SUBJ-$k"
                $ds.PatientComments | Should -Be "note $k"
            }
        }
    }

    It 'uses the Variables of objects from Export-Clixml / Import-Clixml' {
        $xml = Join-Path $folder 'ids.xml'
        Get-Ids | Export-Clixml -LiteralPath $xml
        $back = Import-Clixml -LiteralPath $xml
        $back[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.Deid.Identifiers.DicomIdentifiers'
        $out = Out-Folder 'clixml'
        $r = $back | Invoke-DeidReplace -Recipe $idRecipe -OutputFolder $out -PassThru -WarningVariable w
        (Get-OtherWarning $w).Count | Should -Be 0
        $r.Succeeded | Should -Be @($true, $true, $true)
        $r.Replaced | Should -Be @(1, 1, 1)
        Assert-Replaced $out
    }

    It 'uses the Variables of objects coming back from Start-Job' {
        $ids = Get-Ids
        $job = Start-Job -ScriptBlock { param($objects) $objects } -ArgumentList (, $ids)
        $back = Receive-Job -Job $job -Wait -AutoRemoveJob
        $back[0].PSObject.TypeNames -contains 'Deserialized.Deid.Identifiers.DicomIdentifiers' | Should -BeTrue
        $out = Out-Folder 'job'
        $back | Invoke-DeidReplace -Recipe $idRecipe -OutputFolder $out -WarningVariable w
        (Get-OtherWarning $w).Count | Should -Be 0
        Assert-Replaced $out
    }

    It 'uses the Variables of objects read back from JSON as hashtables (ConvertFrom-Json -AsHashtable)' {
        $json = Get-Ids | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
        $back = $json | ConvertFrom-Json -AsHashtable
        $back[0] | Should -BeOfType [System.Collections.IDictionary]
        $out = Out-Folder 'json-hashtable'
        $r = $back | Invoke-DeidReplace -Recipe $idRecipe -OutputFolder $out -PassThru -WarningVariable w
        (Get-OtherWarning $w).Count | Should -Be 0
        $r.Succeeded | Should -Be @($true, $true, $true)
        Assert-Replaced $out
    }

    It 'reads Variables from a PSCustomObject or a Hashtable' {
        $out = Out-Folder 'custom'
        @(
            [pscustomobject]@{ Path = $inputs[0].FullName; Variables = @{ id = 'SUBJ-0'; note = 'note 0' } }
            [pscustomobject]@{ Path = $inputs[1].FullName; Variables = [pscustomobject]@{ id = 'SUBJ-1'; note = 'note 1' } }
            [pscustomobject]@{ Path = $inputs[2].FullName; Variables = @{ id = 'SUBJ-2'; note = 'note 2' } }
        ) | Invoke-DeidReplace -Recipe $idRecipe -OutputFolder $out -WarningVariable w
        (Get-OtherWarning $w).Count | Should -Be 0
        Assert-Replaced $out
    }
}

Describe '5. Real export trees (-Recurse, -RelativeTo)' {
    BeforeAll {
        # A PACS-style export: the same file names in two series folders.
        $script:export = Join-Path $folder 'export'
        foreach ($se in 'SE1', 'SE2') {
            New-Item -ItemType Directory -Path (Join-Path $export $se) -Force | Out-Null
            for ($k = 0; $k -lt 2; $k++) { Copy-Item $inputs[$k + 2 * [int]($se -eq "SE2")].FullName (Join-Path $export $se ("IM0000{0}" -f ($k + 1))) }
        }
        $script:treeNames = @('SE1/IM00001', 'SE1/IM00002', 'SE2/IM00001', 'SE2/IM00002')
        function Get-Tree([string]$root) {
            @(Get-ChildItem $root -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($root, $_.FullName).Replace('\', '/') } | Sort-Object)
        }
    }

    It 'fails on repeated names without the new options (the problem)' {
        $out = Out-Folder 'flat'
        Get-ChildItem $export -Recurse -File | Invoke-DeidReplace -OutputFolder $out -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($e | Where-Object FullyQualifiedErrorId -like 'OutputNameClash*').Count | Should -Be 2
    }

    It '<command> -Recurse mirrors the tree of a folder under -OutputFolder' -ForEach @(@{ command = 'Invoke-DeidReplace' }, @{ command = 'Clear-DicomPixel' }) {
        $out = Out-Folder "recurse-$command"
        $extra = if ($command -eq 'Clear-DicomPixel') { @{ Recipe = (New-Recipe 'deid.allpixels' "FORMAT dicom`n%filter blacklist`nLABEL all`n  present Modality`n  coordinates 0,0,4,4") } } else { @{} }
        & $command -Path $export -Recurse -OutputFolder $out @extra -ErrorAction Stop -WarningAction SilentlyContinue
        Get-Tree $out | Should -Be $treeNames
    }

    It '-RelativeTo keeps the path of piped files relative to it' {
        $out = Out-Folder 'relative'
        Get-ChildItem $export -Recurse -File | Invoke-DeidReplace -RelativeTo $export -OutputFolder $out -ErrorAction Stop -WarningAction SilentlyContinue
        Get-Tree $out | Should -Be $treeNames
    }

    It '-RelativeTo refuses a file outside it, for that file only' {
        $out = Out-Folder 'relative-outside'
        @($inputs[5]) + @(Get-ChildItem (Join-Path $export 'SE1') -File) | Invoke-DeidReplace -RelativeTo $export -OutputFolder $out -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'NotUnderRelativeTo*'
        Get-Tree $out | Should -Be @('SE1/IM00001', 'SE1/IM00002')
    }

    It '-Recurse into an output folder inside the tree never reads its own copies' {
        $tree = Join-Path $folder 'tree-with-out'
        Copy-Item $export $tree -Recurse
        $out = Join-Path $tree 'deid'
        Invoke-DeidReplace -Path $tree -Recurse -OutputFolder $out -ErrorAction Stop -WarningAction SilentlyContinue
        Get-Tree $out | Should -Be $treeNames
        Invoke-DeidReplace -Path $tree -Recurse -OutputFolder $out -Force -ErrorAction Stop -WarningAction SilentlyContinue
        Get-Tree $out | Should -Be $treeNames
    }
}

Describe '6. A runbook that calls a cmdlet once per file' {
    # A parsed recipe file is kept for the next call while its text is the same (ParsedRecipeCache): these hold what a script
    # that loops over files, editing or changing recipes between calls, must still see.
    It 'takes an edit of the recipe file between two calls, even one that keeps its length and time' {
        $recipe = New-Recipe 'deid.loop' "FORMAT dicom`n%header`nREPLACE PatientID AAAA`n"
        $time = (Get-Item $recipe).LastWriteTimeUtc
        $out = Out-Folder 'loop-edit'
        Invoke-DeidReplace -LiteralPath $inputs[0].FullName -Recipe $recipe -OutputFolder $out -ErrorAction Stop -WarningAction SilentlyContinue
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)).PatientID | Should -Be 'AAAA'
        Set-Content -LiteralPath $recipe -Value "FORMAT dicom`n%header`nREPLACE PatientID BBBB`n"
        (Get-Item $recipe).LastWriteTimeUtc = $time
        Invoke-DeidReplace -LiteralPath $inputs[1].FullName -Recipe $recipe -OutputFolder $out -ErrorAction Stop -WarningAction SilentlyContinue
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[1].Name)).PatientID | Should -Be 'BBBB'
        (Get-DicomDataset -LiteralPath (Join-Path $out $inputs[0].Name)).PatientID | Should -Be 'AAAA'
    }

    It 'gives every call a recipe of its own: changing one changes no later load' {
        $before = Out-Folder 'loop-own-before'
        Invoke-DeidReplace -LiteralPath $inputs[2].FullName -Recipe dicom -OutputFolder $before -ErrorAction Stop -WarningAction SilentlyContinue
        $count = (Get-DeidRecipe dicom).Header.Count
        $count | Should -BeGreaterThan 100
        $mine = Get-DeidRecipe dicom
        $mine.Header.Clear()
        $mine.Filters.Clear()
        $again = Get-DeidRecipe dicom
        $again.Header.Count | Should -Be $count
        $again.Filters.Count | Should -BeGreaterThan 0
        $after = Out-Folder 'loop-own-after'
        Invoke-DeidReplace -LiteralPath $inputs[2].FullName -Recipe dicom -OutputFolder $after -ErrorAction Stop -WarningAction SilentlyContinue
        $a = Get-DicomDataset -LiteralPath (Join-Path $before $inputs[2].Name)
        $b = Get-DicomDataset -LiteralPath (Join-Path $after $inputs[2].Name)
        $b.PatientName | Should -Not -Be (Get-DicomDataset -LiteralPath $inputs[2].FullName).PatientName
        $b.PatientName | Should -Be $a.PatientName
        $b.ElementCount | Should -Be $a.ElementCount
    }

    It 'reports a broken recipe on every call, and takes it once mended' {
        $recipe = New-Recipe 'deid.loopbroken' "FORMAT dicom`n%header`nBLANCK PatientName`n"
        foreach ($k in 3, 4) {
            $err = { Invoke-DeidReplace -LiteralPath $inputs[$k].FullName -Recipe $recipe -OutputFolder (Out-Folder 'loop-broken') } | Should -Throw -PassThru
            $err.Exception.Message | Should -Match "'BLANCK' is not an action"
        }
        Set-Content -LiteralPath $recipe -Value "FORMAT dicom`n%header`nBLANK PatientName`n"
        Invoke-DeidReplace -LiteralPath $inputs[3].FullName -Recipe $recipe -OutputFolder (Out-Folder 'loop-broken') -ErrorAction Stop -WarningAction SilentlyContinue
        (Get-DicomDataset -LiteralPath (Join-Path (Out-Folder 'loop-broken') $inputs[3].Name)).PatientName | Should -BeNullOrEmpty
    }
}

#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The deid recipe tutorial (../shared/seed/deid-recipe-tutorial.txt), done with Get-DeidRecipe, Get-DeidAction, Get-DeidFilter
# and Export-DeidRecipe. The module comes from $env:DEID_MODULE_PATH (a .psd1, or Deid.PowerShell.dll while build.ps1 does not
# exist yet) or <repo>/out/Deid/Deid.psd1.

BeforeAll {
    $script:repo = Split-Path (Split-Path $PSScriptRoot)
    $modulePath = if ($env:DEID_MODULE_PATH) { $env:DEID_MODULE_PATH } else { Join-Path $repo 'out' 'Deid' 'Deid.psd1' }
    Import-Module $modulePath -Force -ErrorAction Stop
    if ($modulePath -like '*.dll') {
        Update-FormatData -PrependPath (Join-Path $repo 'module' 'Deid.Recipes.Format.ps1xml')
    }
    $script:conformance = Join-Path $repo '..' 'shared' 'conformance' 'recipes'
    $script:defaultDeid = Join-Path $conformance 'deid-default.dicom'
    $script:groups = Join-Path $conformance 'groups.dicom'
    $script:cookie = Join-Path $conformance 'tutorial-cookie.dicom'

    function Get-Completion([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
    }
}

Describe 'Create a DeidRecipe' {
    It 'loads the default recipe, with a warning, when no recipe is given' {
        $recipe = Get-DeidRecipe -WarningVariable warnings -WarningAction SilentlyContinue
        $recipe | Should -BeOfType ([Deid.Recipes.DeidRecipe])
        $recipe.Format | Should -Be 'dicom'
        $warnings | Should -Match "No recipe given; using the default recipe 'dicom'"
        # Said as it is, without a placeholder source ('<recipe>: No recipe given', QA 2026-12-07).
        "$($warnings[0])" | Should -BeLike 'No recipe given*'
        [System.IO.Path]::GetFileName($recipe.Sources[0]) | Should -Be 'deid.dicom'
    }

    It 'loads a recipe file' {
        $recipe = Get-DeidRecipe -Path $defaultDeid
        $recipe.Format | Should -Be 'dicom'
        $recipe.Filters.Name | Should -Be @('whitelist', 'graylist', 'blacklist')
        $recipe.Sources | Should -Be @((Resolve-Path $defaultDeid).ProviderPath)
    }

    It 'loads shipped recipes by name, and a name given as a path, as deid does' {
        (Get-DeidRecipe -Name dicom.xray.chest).Filters.Name | Should -Be @('whitelist', 'blacklist')
        (Get-DeidRecipe dicom.xray.chest).Filters.Name | Should -Be @('whitelist', 'blacklist')
    }
}

Describe 'Get-DeidRecipe parameter binding' {
    BeforeAll {
        $script:tmp = Join-Path ([IO.Path]::GetTempPath()) ('deid-recipe-bind-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $tmp | Out-Null
        $script:a = Join-Path $tmp 'a.recipe'
        $script:b = Join-Path $tmp 'b.recipe'
        'FORMAT dicom', '%header', 'ADD PatientIdentityRemoved YES' | Set-Content -LiteralPath $a
        'FORMAT dicom', '%header', 'REMOVE PatientAddress' | Set-Content -LiteralPath $b
    }
    AfterAll { Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue }

    It 'needs no argument' {
        (Get-DeidRecipe -WarningAction SilentlyContinue).Sources.Count | Should -Be 1
    }

    It 'takes -Name alone' {
        $recipe = Get-DeidRecipe -Name dicom.xray.chest -WarningVariable w
        [IO.Path]::GetFileName($recipe.Sources[0]) | Should -Be 'deid.dicom.xray.chest'
        $w | Should -BeNullOrEmpty
    }

    It 'takes a path by position, wildcards expanded' {
        (Get-DeidRecipe $a).Sources | Should -Be @($a)
        (Get-DeidRecipe (Join-Path $tmp '*.recipe')).Sources | Should -Be @($a, $b)
    }

    It 'takes a recipe in a folder whose name holds brackets, as written or escaped, and fails one that is not there' {
        $folder = Join-Path $tmp 'recipes [v2]'
        New-Item -ItemType Directory -Path $folder | Out-Null
        $c = Join-Path $folder 'c.recipe'
        Copy-Item -LiteralPath $a -Destination $c
        (Get-DeidRecipe -Path $c).Sources | Should -Be @($c)
        (Get-DeidRecipe -Path (Join-Path $tmp 'recipes `[v2`]/*.recipe')).Sources | Should -Be @($c)
        Push-Location -LiteralPath $tmp
        try { (Get-DeidRecipe 'recipes [v2]/c.recipe').Sources | Should -Be @($c) } finally { Pop-Location }
        Get-DeidRecipe -Path (Join-Path $folder 'none.recipe') -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        "$($errs[0])" | Should -BeLike "Cannot find a recipe file matching*none.recipe'."
    }

    It 'takes piped path strings and piped files' {
        ($a, $b | Get-DeidRecipe).Sources | Should -Be @($a, $b)
        (Get-ChildItem -LiteralPath $tmp -Filter *.recipe | Sort-Object Name | Get-DeidRecipe).Sources | Should -Be @($a, $b)
    }

    It 'takes -LiteralPath with -Name, names first' {
        $recipe = Get-DeidRecipe -LiteralPath $b -Name dicom.xray.chest
        $recipe.Sources.Count | Should -Be 2
        $recipe.Sources[1] | Should -Be $b
    }

    It 'declares -Path and -LiteralPath as the file cmdlets do' {
        $cmd = Get-Command Get-DeidRecipe
        $cmd.DefaultParameterSet | Should -Be 'Name'
        $cmd.Parameters.Path.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 1
        $cmd.Parameters.LiteralPath.Aliases | Should -Contain 'FullName'
        $cmd.Parameters.Path.ParameterSets.Path.Position | Should -Be 0
    }
}

Describe 'Get-DeidRecipe -ListAvailable' {
    It 'lists every shipped recipe, the default first, each with what it is for' {
        $list = @(Get-DeidRecipe -ListAvailable)
        $files = @(Get-ChildItem -LiteralPath (Join-Path (Get-Module Deid).ModuleBase 'recipes') -Filter 'deid.*')
        $list.Count | Should -Be $files.Count
        $list[0].Name | Should -Be 'dicom'
        $list[0] | Should -BeOfType ([Deid.Recipes.ShippedRecipeInfo])
        foreach ($recipe in $list) {
            $recipe.Description | Should -Not -BeNullOrEmpty
            Test-Path -LiteralPath $recipe.Path | Should -BeTrue
            [IO.Path]::GetFileName($recipe.Path) | Should -Be ('deid.' + $recipe.Name)
        }
    }

    It 'takes wildcards in -Name, any case, with or without the deid. prefix' {
        @(Get-DeidRecipe -ListAvailable -Name '*RETAIN-U*').Name | Should -Be @('dicom.basic-profile.retain-uids')
        @(Get-DeidRecipe -ListAvailable -Name 'deid.dicom.u*', 'dicom.x*').Name | Should -Be @('dicom.ultrasound', 'dicom.xray.chest')
        @(Get-DeidRecipe -ListAvailable -Name 'dicom.basic-profile.*').Count | Should -Be 10
    }

    It 'reports a plain name that lists nothing, not a pattern that matches nothing' {
        $found = Get-DeidRecipe -ListAvailable -Name nope, '*nope*', dicom -ErrorVariable errs -ErrorAction SilentlyContinue
        @($found).Name | Should -Be @('dicom')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'RecipeNameNotFound*'
        $errs[0].Exception.Message | Should -BeLike "*no shipped recipe named 'nope'*dicom.xray.chest*"
    }

    It 'pipes a listed recipe into Get-DeidRecipe to load it' {
        $recipe = Get-DeidRecipe -ListAvailable -Name dicom.ultrasound | Get-DeidRecipe
        [IO.Path]::GetFileName($recipe.Sources[0]) | Should -Be 'deid.dicom.ultrasound'
        $recipe.Filters.Name | Should -Contain 'graylist'
    }

    It 'refuses a pattern when loading, pointing at the listing' {
        $recipe = Get-DeidRecipe -Name 'dicom.basic-profile.*' -ErrorVariable errs -ErrorAction SilentlyContinue
        $recipe | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].Exception.Message | Should -BeLike "*not patterns*Get-DeidRecipe -ListAvailable -Name 'dicom.basic-profile.*'*"
    }

    It 'loads as usual with -ListAvailable:$false' {
        $recipe = Get-DeidRecipe -Name dicom.xray.chest -ListAvailable:$false
        $recipe | Should -BeOfType ([Deid.Recipes.DeidRecipe])
        [IO.Path]::GetFileName($recipe.Sources[0]) | Should -Be 'deid.dicom.xray.chest'
    }

    It 'has no loading switches' {
        { Get-DeidRecipe -ListAvailable -IncludeBase } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
        { Get-DeidRecipe -ListAvailable -Strict } | Should -Throw -ErrorId 'AmbiguousParameterSet,*'
    }

    It 'shows names and whole words within 80 columns' {
        $lines = @((Get-DeidRecipe -ListAvailable | Out-String -Width 80) -split "`r?`n" | Where-Object { $_ })
        $lines[0] | Should -Match '^Name\s+Description$'
        foreach ($line in $lines) { $line.Length | Should -BeLessOrEqual 79 }
        $text = ($lines | Select-Object -Skip 2 | ForEach-Object { $_.Substring([Math]::Min(51, $_.Length)).Trim() }) -join ' '
        $expected = (Get-DeidRecipe -ListAvailable).Description -join ' '
        $text | Should -Be $expected
    }
}

Describe 'Combine recipes' {
    It 'combines files in order, later ones winning conflicts' {
        $recipe = Get-DeidRecipe -Path $cookie, $groups
        $recipe.Sources.Count | Should -Be 2
        ($recipe | Get-DeidAction -Action ADD).Count | Should -Be 2
        ($recipe.Header | Select-Object -Last 1).ToString() | Should -Be 'REMOVE fields:instance_fields'
        $recipe.Values.Name | Should -Be @('cookie_names', 'operator_names')
    }

    It 'puts the base first with -IncludeBase, or the one -BaseName names' {
        $recipe = Get-DeidRecipe -Path $cookie -IncludeBase
        [System.IO.Path]::GetFileName($recipe.Sources[0]) | Should -Be 'deid.dicom'
        ($recipe.Header | Select-Object -Last 1).ToString() | Should -Be 'REPLACE SOPInstanceUID var:source_id'
        $chest = Get-DeidRecipe -Path $cookie -IncludeBase -BaseName dicom.xray.chest
        [System.IO.Path]::GetFileName($chest.Sources[0]) | Should -Be 'deid.dicom.xray.chest'
    }
}

Describe 'Header actions' {
    BeforeAll { $script:recipe = Get-DeidRecipe -Path $defaultDeid }

    It 'lists every action' {
        ($recipe | Get-DeidAction).Count | Should -Be $recipe.Header.Count
    }

    It 'filters to an action type, as get_actions(action="ADD")' {
        $adds = $recipe | Get-DeidAction -Action ADD
        $adds.Field.Text | Should -Be @('IssuerOfPatientID', 'PatientBirthDate', 'StudyDate', 'PatientID', 'AccessionNumber', 'PatientIdentityRemoved')
        $adds.Value.Text | Should -Be @('STARR', 'var:entity_timestamp', 'var:item_timestamp', 'var:entity_id', 'var:item_id', 'YES')
    }

    It 'filters to a field, as get_actions(field="PatientID")' {
        ($recipe | Get-DeidAction -Field PatientID) | ForEach-Object ToString | Should -Be @('REMOVE PatientID', 'ADD PatientID var:entity_id')
    }

    It 'filters to both, as get_actions(field="PatientID", action="REMOVE")' {
        ($recipe | Get-DeidAction -Field patientid -Action remove).ToString() | Should -Be 'REMOVE PatientID'
    }

    It 'accepts wildcards for fields' {
        ($recipe | Get-DeidAction -Field 'endswith:*').Field.Text | Should -Be @('endswith:Time', 'endswith:Date', 'endswith:time', 'endswith:ID', 'endswith:IDs')
    }

    It 'shows the cookie actions of the replace walk-through' {
        Get-DeidRecipe -Path $cookie | Get-DeidAction | ForEach-Object ToString |
            Should -Be @('ADD PatientIdentityRemoved YES', 'REPLACE PatientID var:id', 'REPLACE SOPInstanceUID var:source_id')
    }

    It 'formats actions as a table with action, field, value, source and line' {
        $text = Get-DeidRecipe -Path $cookie | Get-DeidAction | Format-Table | Out-String -Width 250
        $text | Should -Match 'Action\s+Field\s+Keyword\s+Value\s+Source\s+Line'
        $text | Should -Match 'REPLACE\s+PatientID\s+var:id\s+tutorial-cookie\.dicom\s+21'
    }

    It 'finds a line written by tag from its keyword, and one written by keyword from its tag' {
        $byTag = @(Get-DeidAction -Recipe dicom -Field StudyDate)
        $byTag.Field.Text | Should -Be @('(0008,0020)')
        $byTag[0].Field.Keyword | Should -Be 'StudyDate'
        @(Get-DeidAction -Recipe dicom -Field '*BirthDate').Field.Keyword | Should -Contain 'PatientBirthDate'
        ($recipe | Get-DeidAction -Field '(0010,0020)') | ForEach-Object ToString | Should -Be @('REMOVE PatientID', 'ADD PatientID var:entity_id')
        ($recipe | Get-DeidAction -Field '(0010,0020)' -Action ADD).ToString() | Should -Be 'ADD PatientID var:entity_id'
        @(Get-DeidAction -Recipe dicom -Field NoSuchKeyword).Count | Should -Be 0
    }

    It 'shows the keyword of a line written by tag, and every column whole in a 120-column console' {
        $text = Get-DeidAction -Recipe dicom -Field StudyDate | Format-Table | Out-String -Width 119
        $text | Should -Match 'BLANK\s+\(0008,0020\)\s+StudyDate\s+deid\.dicom\s+\d+'
        $text = Get-DeidRecipe -Path $cookie | Get-DeidAction | Format-Table | Out-String -Width 119
        $text | Should -Match 'REPLACE\s+PatientID\s+var:id\s+tutorial-cookie\.dicom\s+21'
    }
}

Describe 'Groups of values and fields' {
    It 'reads %values and %fields groups as the tutorial prints them' {
        $recipe = Get-DeidRecipe -Path $groups
        $recipe.Fields.Name | Should -Be 'instance_fields'
        $recipe.Fields[0].Actions | ForEach-Object ToString | Should -Be 'FIELD contains:Instance'
        $recipe.Values.Name | Should -Be @('cookie_names', 'operator_names')
        $split = $recipe.GetValuesGroup('cookie_names').Actions[0]
        $split.ActionName | Should -Be 'SPLIT'
        $split.Field.Text | Should -Be 'PatientID'
        $split.Value | Should -Be 'by="^";minlength=4'
        $split.Split.By | Should -Be '^'
        $split.Split.MinLength | Should -Be 4
    }
}

Describe 'Filters' {
    It 'lists labels with their group, criteria and coordinates' {
        $filters = Get-DeidRecipe -Path $cookie | Get-DeidFilter
        $filters.Group | Should -Be @('dangerouscookie', 'bigimage')
        $filters[0].Label | Should -Be 'Criteria for Dangerous Cookie'
        $filters[0].Criteria | ForEach-Object ToString | Should -Be @('contains PatientSex M', '+ notequals OperatorsName bold bread')
        $filters[0].Coordinates | ForEach-Object ToString | Should -Be 'coordinates 0,0,512,110'
    }

    It 'filters by group and label with wildcards' {
        $recipe = Get-DeidRecipe -Path $defaultDeid
        ($recipe | Get-DeidFilter -Group graylist -Label 'LightSpeed*').Label | Should -Be @('LightSpeed Dose Report', 'LightSpeed Localizers')
        ($recipe | Get-DeidFilter -Group white*).Count | Should -Be 2
    }
}

Describe 'Bad recipes' {
    BeforeAll {
        $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ("deid-pester-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $work | Out-Null
    }
    AfterAll { Remove-Item -Recurse -Force -LiteralPath $work }

    It 'reports bad text as a non-terminating error naming file, line and column' {
        $bad = Join-Path $work 'bad.dicom'
        Set-Content -LiteralPath $bad -Value "FORMAT dicom`n%header`nADD PatientIdentityRemoved"
        $result = Get-DeidRecipe -Path $bad -ErrorVariable errors -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Match '^InvalidRecipe'
        $errors[0].ToString() | Should -BeLike "*bad.dicom:3:27: expected a value after ADD PatientIdentityRemoved*"
        $errors[0].TargetObject | Should -Be $bad
    }

    It 'refuses a filter value that is no regular expression at its own line, and Invoke-DeidReplace writes nothing with it' {
        # Before: the recipe loaded, a header-only replace used it, and -CleanPixels stopped naming the label's line.
        $regex = Join-Path $work 'regex.dicom'
        Set-Content -LiteralPath $regex -Value "FORMAT dicom`n%filter graylist`nLABEL Scanner text`n  contains Manufacturer (acme`n  coordinates 0,0,10,10`n%header`nREMOVE PatientName"
        $recipe = Get-DeidRecipe -Path $regex -ErrorVariable errors -ErrorAction SilentlyContinue
        $recipe | Should -BeNullOrEmpty
        $errors[0].ToString() | Should -BeLike "*regex.dicom:4:25: '(acme' is not a regular expression (contains takes one*"
        $in = Join-Path $work 'regex-in'
        $null = New-DicomSample -Path $in -Count 1 -Seed 2
        $out = Join-Path $work 'regex-out'
        { Invoke-DeidReplace -Path (Join-Path $in '*') -Recipe $regex -OutputFolder $out -ErrorAction Stop } | Should -Throw "*regex.dicom:4:25*"
        Test-Path $out | Should -BeFalse
    }

    It 'stops on an action deid would ignore (issue 11: the element would silently stay)' {
        $odd = Join-Path $work 'odd.dicom'
        Set-Content -LiteralPath $odd -Value "FORMAT dicom`n%header`nremove PatientName"
        $recipe = Get-DeidRecipe -Path $odd -ErrorVariable errors -ErrorAction SilentlyContinue
        $recipe | Should -BeNullOrEmpty
        $errors[0].ToString() | Should -Match "odd\.dicom:3:1: deid 0\.4\.12 ignores 'remove'"
    }

    It 'writes warnings and errors top to bottom of the file, -Strict too' {
        $typo = Join-Path $work 'typo.dicom'
        'FORMAT dicom', '%header', 'REPLCE PatientID x', 'REMOVE PatientsName', 'REMOVE PatientAddress', 'JITTER StudyDate soon', 'BLANK PatientNaem' | Set-Content -LiteralPath $typo
        # Both streams into one, in the order they were written.
        $records = @(Get-DeidRecipe -Path $typo -ErrorAction Continue -WarningAction Continue 3>&1 2>&1)
        $lines = $records | ForEach-Object { if ("$_" -match 'typo\.dicom:(\d+):') { [int]$Matches[1] } }
        $lines | Should -Be @(3, 4, 6, 7)
        $records[0] | Should -BeOfType ([System.Management.Automation.ErrorRecord])
        $records[1] | Should -BeOfType ([System.Management.Automation.WarningRecord])
        $strict = @(Get-DeidRecipe -Path $typo -Strict -ErrorAction Continue -WarningAction Continue 3>&1 2>&1)
        ($strict | ForEach-Object { if ("$_" -match 'typo\.dicom:(\d+):') { [int]$Matches[1] } }) | Should -Be @(3, 4, 6, 7)
    }

    It 'reports a missing file or name' {
        Get-DeidRecipe -Path (Join-Path $work 'none.dicom') -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Match '^RecipePathNotFound'
        Get-DeidRecipe -Name no.such.recipe -ErrorVariable errors2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors2[0].ToString() | Should -Match "There is no shipped recipe named 'no.such.recipe'"
    }
}

Describe 'Export-DeidRecipe' {
    BeforeAll {
        $script:work = Join-Path ([System.IO.Path]::GetTempPath()) ("deid-pester-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $work | Out-Null
    }
    AfterAll { Remove-Item -Recurse -Force -LiteralPath $work }

    It 'writes recipe text that reads back to an equal recipe' {
        $recipe = Get-DeidRecipe -Path $defaultDeid
        $file = Get-DeidRecipe -Path $defaultDeid | Export-DeidRecipe -Path (Join-Path $work 'copy.dicom') -PassThru
        $file | Should -BeOfType ([System.IO.FileInfo])
        $again = Get-DeidRecipe -LiteralPath $file.FullName
        $again.Equals($recipe) | Should -BeTrue
        Get-Content -Raw -LiteralPath $file.FullName | Should -Be $recipe.ToString()
    }

    It 'does not overwrite without -Force, and honours -WhatIf' {
        $target = Join-Path $work 'exists.dicom'
        Set-Content -LiteralPath $target -Value 'keep me'
        $recipe = Get-DeidRecipe -Path $cookie
        Export-DeidRecipe -Recipe $recipe -Path $target -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Match '^RecipeFileExists'
        (Get-Content -Raw -LiteralPath $target).Trim() | Should -Be 'keep me'
        Export-DeidRecipe -Recipe $recipe -Path $target -Force -WhatIf
        (Get-Content -Raw -LiteralPath $target).Trim() | Should -Be 'keep me'
        Export-DeidRecipe -Recipe $recipe -Path $target -Force
        (Get-DeidRecipe -LiteralPath $target).Equals($recipe) | Should -BeTrue
        @(Get-ChildItem -LiteralPath $work -Force -Filter '*.tmp').Count | Should -Be 0
    }

    It 'writes the first of several recipes piped to one file and refuses the others, even with -Force' {
        # QA 2026-12-07: each replaced the one before; with -Force the first's lines were lost without a word.
        $target = Join-Path $work 'two.dicom'
        $first = Get-DeidRecipe -Name dicom.basic-profile.retain-uids
        $first, (Get-DeidRecipe -Path $cookie) | Export-DeidRecipe -Path $target -Force -ErrorVariable errors -ErrorAction SilentlyContinue
        @($errors).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Match '^RecipeExportedTwice'
        "$($errors[0])" | Should -BeLike '*more than one recipe*Get-DeidRecipe -Name a, b*'
        (Get-DeidRecipe -LiteralPath $target).Equals($first) | Should -BeTrue
    }

    It 'says that the folder to write into does not exist' {
        $target = Join-Path $work 'no-such-folder/x.dicom'
        Get-DeidRecipe -Path $cookie | Export-DeidRecipe -Path $target -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -Match '^RecipeFolderNotFound'
        "$($errors[0])" | Should -BeLike '*folder of -Path*does not exist*'
    }

    It 'lets recipes be built and edited in PowerShell' {
        $recipe = Get-DeidRecipe -Path $cookie
        $recipe.Header.Add([Deid.Recipes.HeaderAction]::new('REMOVE', 'contains:Operator'))
        $recipe.Header.Add([Deid.Recipes.HeaderAction]::Parse('JITTER StudyDate 31'))
        $path = Join-Path $work 'edited.dicom'
        $recipe | Export-DeidRecipe -Path $path
        (Get-DeidRecipe -LiteralPath $path | Get-DeidAction -Action JITTER).ToString() | Should -Be 'JITTER StudyDate 31'
    }
}

Describe 'Tab completion' {
    It 'completes shipped recipe names for -Name' {
        $names = Get-Completion 'Get-DeidRecipe -Name dicom.basic-profile.re'
        $names | Should -Contain 'dicom.basic-profile.retain-uids'
        $names | Should -Contain 'dicom.basic-profile.retain-long-full-dates'
        $names | Should -Not -Contain 'dicom.basic-profile.clean-graphics'
    }

    It 'completes shipped recipe names for -BaseName' {
        Get-Completion 'Get-DeidRecipe -IncludeBase -BaseName dicom.x' | Should -Be 'dicom.xray.chest'
    }

    It 'completes action keywords for -Action' {
        Get-Completion 'Get-DeidAction -Action REP' | Should -Be 'REPLACE'
        Get-Completion 'Get-DeidAction -Action ' | Should -Be @('ADD', 'BLANK', 'JITTER', 'KEEP', 'REMOVE', 'REPLACE')
    }
}

Describe 'Small refusals (QA round 3)' {
    It 'refuses an empty -Recipe instead of reading the current folder' {
        { Get-DeidAction -Recipe '' } | Should -Throw '*empty string*'
        { Get-DeidFilter -Recipe ' ' } | Should -Throw '*empty string*'
    }

    It 'says when -Group names a group the recipe does not have, not when a pattern matches none' {
        $rows = Get-DeidFilter -Recipe dicom.xray.chest -Group Foo, blacklist -ErrorVariable errs -ErrorAction SilentlyContinue
        @($rows).Count | Should -BeGreaterThan 0
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'FilterGroupNotFound*'
        "$($errs[0])" | Should -BeLike "*no filter group 'Foo'*whitelist, blacklist*"
        Get-DeidFilter -Recipe dicom.xray.chest -Group 'nothing*' -ErrorVariable errs2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs2 | Should -BeNullOrEmpty
    }

    It 'marks the path parameters that expand wildcards as taking them' -ForEach @(
        @{ command = 'Test-DeidOutput'; parameter = 'OriginalPath' }, @{ command = 'Test-DeidOutput'; parameter = 'OutputPath' },
        @{ command = 'Compare-DicomDataset'; parameter = 'ReferenceObject' }, @{ command = 'Compare-DicomDataset'; parameter = 'DifferenceObject' }
    ) {
        (Get-Help $command -Parameter $parameter).globbing | Should -Be 'true'
    }
}

Describe '-Recipe takes several recipes, combined in order' {
    BeforeAll {
        $script:tmp = Join-Path ([IO.Path]::GetTempPath()) ('deid-recipe-list-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        New-Item -ItemType Directory -Path $tmp | Out-Null
        $script:site = Join-Path $tmp 'deid.site'
        'FORMAT dicom', '%header', 'REPLACE PatientID var:PatientID' | Set-Content -LiteralPath $site
        $script:typo = Join-Path $tmp 'deid.typo'
        'FORMAT dicom', '%header', 'REMOVE PatientNaem' | Set-Content -LiteralPath $typo
        $script:samples = @(New-DicomSample -Path (Join-Path $tmp 'in') -Count 2 -Modality CT -Seed 5)
    }
    AfterAll { Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue }

    It 'writes a crosswalk''s column through a site recipe given after a shipped one' {
        $rows = $samples | Get-DicomIdentifier | Select-Object Path, PatientID | ForEach-Object { $_.PatientID = 'SUBJ-' + $_.PatientID; $_ }
        $out = Join-Path $tmp 'out'
        $results = $rows | Invoke-DeidReplace -Recipe dicom, $site -OutputFolder $out -PassThru -WarningAction SilentlyContinue
        @($results).Count | Should -Be 2
        $after = Get-ChildItem -LiteralPath $out -File | Sort-Object Name | Get-DicomIdentifier
        $after.PatientID | Should -Be @($rows.PatientID)
        $after.PatientName | Should -Not -Contain $null
        $after | ForEach-Object { $_.PatientName | Should -Not -Match 'FLORENTINE|CASPER' }
    }

    It 'combines names, paths and recipe objects as Get-DeidRecipe does, later actions last' {
        $chest = Get-DeidRecipe -Name dicom.xray.chest
        $actions = @(Get-DeidAction -Recipe $chest, $site -WarningAction SilentlyContinue)
        $actions[-1].Value.Text | Should -Be 'var:PatientID'
        $actions.Count | Should -Be ($chest.Header.Count + 1)
        $viaNames = Get-DeidRecipe -Name dicom.xray.chest -Path $site
        (Get-DeidAction -Recipe dicom.xray.chest, $site).Count | Should -Be $viaNames.Header.Count
        @(Get-DeidFilter -Recipe dicom.xray.chest, $site).Count | Should -Be @(Get-DeidFilter -Recipe $viaNames).Count
    }

    It 'reports the warnings of every part once, and -Strict makes them errors' {
        $actions = Get-DeidAction -Recipe dicom, $typo -WarningVariable w -WarningAction SilentlyContinue
        @($actions).Count | Should -BeGreaterThan 1
        @($w | Where-Object { "$_" -like '*PatientNaem*' }).Count | Should -Be 1
        { Get-DeidAction -Recipe dicom, $typo -Strict -WarningAction SilentlyContinue } | Should -Throw '*deid.typo:3:8*PatientNaem*'
    }

    It 'says what is wrong with an empty list, a list of lists and a part that does not load' {
        { Get-DeidAction -Recipe @() } | Should -Throw '*empty list*'
        { Get-DeidAction -Recipe @('dicom', @('dicom', $site)) } | Should -Throw '*list of lists*'
        { Get-DeidAction -Recipe dicom, ./nowhere/deid.none } | Should -Throw '*no such file*'
    }
}

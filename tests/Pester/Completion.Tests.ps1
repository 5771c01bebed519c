#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Tab completion of Get-DeidFilter -Group and -Label (the filter names of the recipe on the command line) and of Get-DeidAction
# -Field (DICOM keywords and tags from the module's dictionary), through TabExpansion2 as the console asks for it.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')

    function Get-Completion([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
    }

    function Get-CompletionMatch([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
    }

    $script:tmp = New-TestFolder
    $script:site = Join-Path $tmp 'deid.site'
    "FORMAT dicom`n`n%filter sitelist`n`nLABEL It's [odd] * here`n  contains Modality CT`n`nLABEL Plain`n  contains Modality MR`n" |
        Set-Content -LiteralPath $site
    'not a recipe' | Set-Content -LiteralPath (Join-Path $tmp 'graylist-notes.txt')
    Push-Location $tmp
}

AfterAll {
    Pop-Location
    Remove-Item -LiteralPath $tmp -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-DeidFilter -Group completion' {
    It 'offers the groups of the default recipe when no recipe is given: deid''s three' {
        Get-Completion 'Get-DeidFilter -Group ' | Should -Be @('whitelist', 'graylist', 'blacklist')
    }

    It 'offers the groups of the shipped recipe given by -Recipe or by position' {
        Get-Completion 'Get-DeidFilter -Recipe dicom.ultrasound -Group ' | Should -Be @('graylist', 'blacklist')
        Get-Completion 'Get-DeidFilter dicom.xray.chest -Group ' | Should -Be @('whitelist', 'blacklist')
        Get-Completion 'Get-DeidFilter -Strict dicom.xray.chest -Group ' | Should -Be @('whitelist', 'blacklist')
        Get-Completion 'Get-DeidFilter -Label x -Rec dicom.ultrasound -Group ' | Should -Be @('graylist', 'blacklist')
    }

    It 'offers the names that start with the text first, then those holding it, case ignored, in the quote opened' {
        Get-Completion 'Get-DeidFilter -Recipe dicom.ultrasound -Group GR' | Should -Be 'graylist'
        Get-Completion 'Get-DeidFilter -Group list' | Should -Be @('whitelist', 'graylist', 'blacklist')
        Get-Completion 'Get-DeidFilter -Group b' | Should -Be @('blacklist')
        Get-Completion "Get-DeidFilter -Group 'wh" | Should -Be "'whitelist'"
        Get-Completion 'Get-DeidFilter -Group *ay' | Should -Be 'graylist'
    }

    It 'offers no file names, also when nothing matches' {
        Get-Completion 'Get-DeidFilter -Group graylist-' | Should -BeNullOrEmpty
        Get-Completion 'Get-DeidFilter -Recipe dicom.ultrasound -Group white' | Should -BeNullOrEmpty
    }

    It 'offers nothing for a recipe without filters' {
        Get-Completion 'Get-DeidFilter -Recipe dicom.basic-profile -Group ' | Should -BeNullOrEmpty
    }

    It 'offers the groups of a recipe file, by relative or full path, and sees the file change' {
        $copy = Join-Path $tmp 'deid.changing'
        Copy-Item -LiteralPath $site -Destination $copy
        Get-Completion 'Get-DeidFilter -Recipe ./deid.changing -Group ' | Should -Be 'sitelist'
        Get-Completion "Get-DeidFilter -Recipe '$copy' -Group " | Should -Be 'sitelist'
        "FORMAT dicom`n%filter changedlist`nLABEL x`n  contains Modality CT`n" | Set-Content -LiteralPath $copy
        (Get-Item -LiteralPath $copy).LastWriteTimeUtc = [datetime]::UtcNow.AddMinutes(1)
        Get-Completion 'Get-DeidFilter -Recipe ./deid.changing -Group ' | Should -Be 'changedlist'
    }

    It 'offers the groups of every recipe of a list, each once' {
        Get-Completion 'Get-DeidFilter -Recipe dicom.xray.chest, ./deid.site, dicom -Group ' |
            Should -Be @('whitelist', 'blacklist', 'sitelist', 'graylist')
    }

    It 'offers the groups of a recipe in a variable, given or piped, and of Get-DeidRecipe -Name piped' {
        $global:DeidCompletionRecipe = Get-DeidRecipe -Name dicom.ultrasound
        try {
            Get-Completion 'Get-DeidFilter -Recipe $DeidCompletionRecipe -Group ' | Should -Be @('graylist', 'blacklist')
            Get-Completion '$DeidCompletionRecipe | Get-DeidFilter -Group ' | Should -Be @('graylist', 'blacklist')
        }
        finally { Remove-Variable -Name DeidCompletionRecipe -Scope Global }
        Get-Completion 'Get-DeidRecipe -Name dicom.xray.chest | Get-DeidFilter -Group ' | Should -Be @('whitelist', 'blacklist')
    }

    It 'falls back to deid''s three groups when the recipe cannot be told or does not load' {
        $standard = @('whitelist', 'graylist', 'blacklist')
        Get-Completion 'Get-DeidFilter -Recipe no.such.recipe -Group ' | Should -Be $standard
        Get-Completion 'Get-DeidFilter -Recipe ./missing.recipe -Group ' | Should -Be $standard
        Get-Completion "Get-DeidFilter -Recipe ./graylist-notes.txt -Group " | Should -Be $standard
        Get-Completion 'Get-DeidFilter -Recipe (Get-DeidRecipe -Name dicom.ultrasound) -Group ' | Should -Be $standard
        Get-Completion 'Get-DeidFilter -Recipe "$PWD/deid.site" -Group ' | Should -Be $standard
        Get-Completion 'Get-ChildItem -Filter deid.* | Get-DeidFilter -Group ' | Should -Be $standard
        Get-Completion 'Get-DeidRecipe -Path ./deid.site | Get-DeidFilter -Group ' | Should -Be $standard
    }

    It 'describes each group in the tooltip' {
        $matches = Get-CompletionMatch 'Get-DeidFilter -Recipe dicom.xray.chest -Group wh'
        $matches.ToolTip | Should -Be '%filter whitelist (1 label)'
        (Get-CompletionMatch 'Get-DeidFilter -Recipe ./missing.recipe -Group gr').ToolTip | Should -Be "deid's filter group graylist"
    }
}

Describe 'Get-DeidFilter -Label completion' {
    It 'offers the labels of the recipe, in quotes, in recipe order' {
        Get-Completion 'Get-DeidFilter -Recipe dicom.xray.chest -Label ' | Should -Be @(
            "'Chest radiograph (CR, DX) by body part or description'", "'Fluoroscopy or angiography, not a radiograph'",
            "'Presentation state or other non-image modality'", "'Body part other than the chest'", "'Secondary capture or screen save'")
    }

    It 'offers only the labels of the groups -Group names' {
        Get-Completion 'Get-DeidFilter -Recipe dicom.xray.chest -Group white* -Label ' | Should -Be "'Chest radiograph (CR, DX) by body part or description'"
        Get-Completion 'Get-DeidFilter -Recipe dicom.xray.chest -Group blacklist -Label chest' | Should -Be "'Body part other than the chest'"
    }

    It 'offers the labels that start with the text first, then those holding it, case ignored' {
        $labels = @(Get-Completion 'Get-DeidFilter -Label secondary')
        $labels[0] | Should -Be "'Secondary capture or screen save'"
        $labels.Count | Should -BeGreaterThan 2
        $labels | Should -Contain "'CT SIEMENS 860 rows, SECONDARY (source: CTP dose series)'"
    }

    It 'offers the labels of the default recipe without -Recipe' {
        $labels = @(Get-Completion 'Get-DeidFilter -Label ')
        $labels.Count | Should -Be @(Get-DeidFilter -WarningAction SilentlyContinue).Count
    }

    It 'writes a label so that -Label finds exactly it: quotes doubled, wildcards escaped' {
        $text = Get-Completion 'Get-DeidFilter -Recipe ./deid.site -Label it'
        $text | Should -Be "'It''s ``[odd``] ``* here'"
        $rows = @(Invoke-Expression "Get-DeidFilter -Recipe ./deid.site -Label $text")
        $rows.Label | Should -Be "It's [odd] * here"
        $text = Get-Completion 'Get-DeidFilter -Recipe ./deid.site -Label "it'
        $text | Should -Be '"It''s ``[odd``] ``* here"'
        (Invoke-Expression "Get-DeidFilter -Recipe ./deid.site -Label $text").Label | Should -Be "It's [odd] * here"
    }

    It 'offers nothing when the recipe cannot be told' {
        Get-Completion 'Get-DeidFilter -Recipe ./missing.recipe -Label ' | Should -BeNullOrEmpty
    }
}

Describe 'Get-DeidAction -Field completion' {
    It 'offers the dictionary keywords starting with the text, then those holding it, case ignored' {
        Get-Completion 'Get-DeidAction -Field PatientN' | Should -Be @('PatientName', 'PatientNotProperlyFixatedQuantity', 'OtherPatientNames')
        Get-Completion 'Get-DeidAction -Field patientn' | Should -Be @('PatientName', 'PatientNotProperlyFixatedQuantity', 'OtherPatientNames')
        $birth = @(Get-Completion 'Get-DeidAction -Field birth')
        $birth | Should -Contain 'PatientBirthDate'
        $birth | Should -Contain 'PatientMotherBirthName'
    }

    It 'keeps the quote the user opened, and completes every -Field value of a list' {
        Get-Completion "Get-DeidAction -Field 'StudyInstanceU" | Should -Be "'StudyInstanceUID'"
        Get-Completion 'Get-DeidAction -Field PatientID, StudyInstanceU' | Should -Be 'StudyInstanceUID'
    }

    It 'offers at most 100' {
        @(Get-Completion 'Get-DeidAction -Field ').Count | Should -Be 100
        $dates = @(Get-Completion 'Get-DeidAction -Field Date')
        $dates.Count | Should -Be 100
        $dates[0] | Should -Be 'Date'
    }

    It 'describes the element in the tooltip' {
        $match = Get-CompletionMatch 'Get-DeidAction -Field PatientNam' | Select-Object -First 1
        $match.ListItemText | Should -Be 'PatientName'
        $match.ToolTip | Should -Be "(0010,0010) Patient's Name PN"
        (Get-CompletionMatch 'Get-DeidAction -Field OverlayDat' | Select-Object -First 1).ToolTip | Should -Match '^\(60xx,3000\) Overlay Data'
    }

    It 'completes a tag typed with its parenthesis, in quotes' {
        $tags = @(Get-Completion "Get-DeidAction -Field '(0010,002")
        $tags[0] | Should -Be "'(0010,0020)'"
        $tags | Should -Contain "'(0010,0021)'"
        $tags | ForEach-Object { $_ | Should -Match "^'\(0010,002[0-9A-F]\)'$" }
        Get-Completion 'Get-DeidAction -Field "(7fe0,001' | Should -Be '"(7FE0,0010)"'
        (Get-CompletionMatch "Get-DeidAction -Field '(0010,0010").ListItemText | Should -Be '(0010,0010) PatientName'
    }

    It 'offers what Get-DeidAction -Field finds' {
        $field = Get-Completion 'Get-DeidAction -Field PatientBirthDa' | Select-Object -First 1
        $actions = @(Get-DeidAction -Recipe dicom -Field $field)
        $actions.Count | Should -BeGreaterThan 0
        $tag = Get-Completion "Get-DeidAction -Field '(0010,0030"
        @(Invoke-Expression "Get-DeidAction -Recipe dicom -Field $tag").Count | Should -Be $actions.Count
    }

    It 'offers nothing, not file names, when no keyword matches' {
        Get-Completion 'Get-DeidAction -Field deid.si' | Should -BeNullOrEmpty
    }
}

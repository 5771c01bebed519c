# Test-DicomBurnedPixel: deid's has_burned_pixels over files from the pipeline, -Path wildcards and -LiteralPath, a recipe by
# object, name or path, per-file errors that let the batch go on, and deid's "inspect --save" table through -Flatten.

BeforeDiscovery {
    $script:HasSharedData = Test-Path (Join-Path $PSScriptRoot '../../../shared/data/deid-data')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    # Synthetic samples declare BurnedInAnnotation YES: the default recipe's blacklist flags them.
    New-DicomSample -Path (Join-Path $folder 'flagged') -Count 3 -Seed 5 | Out-Null
    $script:cleanRecipe = Join-Path $folder 'deid.clean'
    @'
FORMAT dicom

%filter graylist

LABEL Siemens MR only
  contains Manufacturer SIEMENS
  + contains Modality MR
  coordinates 0,0,100,20
'@ | Set-Content -LiteralPath $cleanRecipe
    $script:cookies = Join-Path $SharedData 'deid-data/dicom-cookies'
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-DicomBurnedPixel' {
    It 'takes Get-ChildItem output and returns one result per file' {
        $r = @(Get-ChildItem (Join-Path $folder 'flagged') -Filter *.dcm | Test-DicomBurnedPixel -WarningAction SilentlyContinue)
        $r.Count | Should -Be 3
        $r | ForEach-Object { $_ | Should -BeOfType ([Deid.Filters.BurnedPixelResult]) }
        @($r | Where-Object Flagged).Count | Should -Be 3
        $r[0].Group | Should -Contain 'blacklist'
        $r[0].Label | Should -Contain 'Declares burned-in annotation'
        $r[0].Matches[0].Reason | Should -Match 'BurnedInAnnotation contains'
    }

    It 'expands -Path wildcards (position 0)' {
        $r = @(Test-DicomBurnedPixel (Join-Path $folder 'flagged/*.dcm') -WarningAction SilentlyContinue)
        $r.Count | Should -Be 3
        $r.Path | ForEach-Object { $_ | Should -BeLike '*.dcm' }
    }

    It 'reads -LiteralPath as typed' {
        $odd = Join-Path $folder 'odd[1].dcm'
        Copy-Item -LiteralPath (Join-Path $folder 'flagged/CT-0001.dcm') -Destination $odd
        $r = Test-DicomBurnedPixel -LiteralPath $odd -WarningAction SilentlyContinue
        $r.Path | Should -Be $odd
        $r.Flagged | Should -BeTrue
    }

    It 'takes objects with a Path property from the pipeline' {
        $r = @([pscustomobject]@{ Path = (Join-Path $folder 'flagged/CT-0002.dcm') } | Test-DicomBurnedPixel -WarningAction SilentlyContinue)
        $r.Count | Should -Be 1
        $r[0].Flagged | Should -BeTrue
    }

    It 'gives a non-terminating error for a file that is not DICOM and goes on' {
        $bad = Join-Path $folder 'not-dicom.dcm'
        'hello' | Set-Content -LiteralPath $bad
        $files = @($bad) + @(Get-ChildItem (Join-Path $folder 'flagged') -Filter *.dcm | ForEach-Object FullName)
        $r = @(Test-DicomBurnedPixel -LiteralPath $files -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $r.Count | Should -Be 3
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'InvalidDicom*'
        $errs[0].TargetObject | Should -Be $bad
    }

    It 'keeps the input order over many windows with -ThrottleLimit <limit>, a broken file reported in its place' -ForEach @(@{ limit = 1 }, @{ limit = 2 }, @{ limit = 3 }) {
        # 3 samples × 70 plus one broken file: several windows of 32 headers a thread, read while the ones before are written.
        $good = @(Get-ChildItem (Join-Path $folder 'flagged') -Filter *.dcm | ForEach-Object FullName)
        $bad = Join-Path $folder 'broken-in-the-middle.dcm'
        'hello' | Set-Content -LiteralPath $bad
        $inputs = @(@($good) * 35) + $bad + @(@($good) * 35)
        $errs = $null
        $r = @($inputs | Test-DicomBurnedPixel -ThrottleLimit $limit -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $r.Path | Should -Be ($inputs | Where-Object { $_ -ne $bad })
        @($errs).Count | Should -Be 1
        $errs[0].TargetObject | Should -Be $bad
        @($r | Where-Object Flagged).Count | Should -Be 210
        # Stopping early while the next window is read leaves nothing behind that blocks the next run.
        @($inputs | Test-DicomBurnedPixel -ThrottleLimit $limit -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Select-Object -First 2).Path |
            Should -Be $inputs[0..1]
    }

    It 'pipes the flagged files on to Invoke-DeidReplace -CleanPixels as files, not as rows of variables' {
        $out = Join-Path $folder 'flagged-clean'
        $flagged = @(Get-ChildItem (Join-Path $folder 'flagged') -Filter *.dcm | Test-DicomBurnedPixel -WarningAction SilentlyContinue | Where-Object Flagged)
        $flagged.Count | Should -Be 3
        # The default recipe flags them ("declares burned-in annotation") without a region; the band of New-DicomSample's text does.
        $band = Join-Path $folder 'deid.band'
        "FORMAT dicom`n`n%filter blacklist`n`nLABEL Text band`n  present Rows`n  coordinates 0,0,128,24`n" | Set-Content -LiteralPath $band
        $results = $flagged | Invoke-DeidReplace -Recipe $band -CleanPixels -OutputFolder $out -PassThru -WarningVariable w -WarningAction SilentlyContinue
        @($results | Where-Object Written).Count | Should -Be 3
        @($w | Where-Object { "$_" -like '*written nowhere*' }) | Should -BeNullOrEmpty
        $results[0].SourcePath | Should -Be $flagged[0].Path
    }

    It 'takes a recipe by path' {
        $r = @(Test-DicomBurnedPixel (Join-Path $folder 'flagged/*.dcm') -Recipe $cleanRecipe)
        @($r | Where-Object Flagged).Count | Should -Be 0
    }

    It 'takes a recipe by shipped name and as an object' {
        $byName = Test-DicomBurnedPixel (Join-Path $folder 'flagged/CT-0001.dcm') -Recipe dicom.xray.chest
        $byName | Should -Not -BeNullOrEmpty
        $recipe = Get-DeidRecipe -Path $cleanRecipe
        (Test-DicomBurnedPixel (Join-Path $folder 'flagged/CT-0001.dcm') -Recipe $recipe).Flagged | Should -BeFalse
        (Test-DicomBurnedPixel (Join-Path $folder 'flagged/CT-0001.dcm') -Recipe dicom).Flagged | Should -BeTrue
    }

    It 'completes shipped recipe names for -Recipe' {
        $line = 'Test-DicomBurnedPixel x.dcm -Recipe dicom.ultra'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Contain 'dicom.ultrasound'
    }

    It 'writes deid''s inspect table with -Flatten, for Export-Csv' {
        $csv = Join-Path $folder 'flags.tsv'
        $files = @(Get-ChildItem (Join-Path $folder 'flagged') -Filter *.dcm)
        $files | Test-DicomBurnedPixel -Flatten -WarningAction SilentlyContinue | Export-Csv -LiteralPath $csv -Delimiter "`t" -NoTypeInformation
        $rows = @(Import-Csv -LiteralPath $csv -Delimiter "`t")
        ($rows[0].PSObject.Properties.Name)[0..3] | Should -Be @('DicomFile', 'PixelsFlagged', 'FlagList', 'Reason')
        $rows.Count | Should -BeGreaterOrEqual 3
        $rows | ForEach-Object { $_.PixelsFlagged | Should -Be 'FLAGGED' }
        $clean = @(Test-DicomBurnedPixel $files[0].FullName -Recipe $cleanRecipe -Flatten)
        $clean.Count | Should -Be 1
        $clean[0].PixelsFlagged | Should -Be 'CLEAN'
        $clean[0].FlagList | Should -Be ''
    }

    It 'shows a table that fits 120 columns' {
        $text = Get-ChildItem (Join-Path $folder 'flagged') -Filter *.dcm | Test-DicomBurnedPixel -WarningAction SilentlyContinue |
            Out-String -Width 120
        $text | Should -Match 'File\s+Flagged\s+Group\s+Regions\s+Label'
        $text -split "`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 120 }
    }

    It 'flags deid''s dicom cookies with the shipped recipe (they have no ImageType)' -Skip:(-not $HasSharedData) {
        $r = @(Get-ChildItem $cookies -Filter *.dcm | Test-DicomBurnedPixel -Recipe dicom | Where-Object Flagged)
        $r.Count | Should -Be 7
        $r | ForEach-Object { $_.Group | Should -Be @('blacklist'); $_.Reason | Should -Be @(' ImageType missing  or ImageType empty ') }
    }

    It 'resolves from: regions of ultrasound files per file' -Skip:(-not $HasSharedData) {
        $r = @(Test-DicomBurnedPixel (Join-Path $SharedData 'deid-data/ultrasounds/*.dcm') -Recipe dicom.ultrasound)
        $keep = $r | ForEach-Object { ($_.Coordinates | Where-Object Kind -eq 'Keep').Rectangle }
        $keep | Should -Be @('14,38,1010,758', '0,60,1008,764')
    }
}

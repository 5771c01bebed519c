# Issue 11, items 5 (-OutputName), 6 (resume) and 7 (positional and piped paths) for the cmdlets that write: each test
# reproduces what a runbook over a PACS export met.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:in = Join-Path $folder 'in'
    $script:inputs = New-DicomSample -Path $in -Count 8 -Modality CT -Seed 23 -InstancesPerSeries 4
    $script:hierarchy = '{PatientID}/{StudyInstanceUID}/{SeriesInstanceUID}/{SOPInstanceUID}.dcm'
    function Out-Folder([string]$name) { Join-Path $script:folder $name }
    function New-Recipe([string]$name, [string]$text) {
        $path = Join-Path $script:folder $name
        Set-Content -LiteralPath $path -Value $text
        $path
    }
    function Get-Tree([string]$root) {
        @(Get-ChildItem $root -Recurse -File | ForEach-Object { [IO.Path]::GetRelativePath($root, $_.FullName).Replace('\', '/') } | Sort-Object)
    }
    # Flags every file, so Clear-DicomPixel writes each one.
    $script:allPixels = New-Recipe 'deid.allpixels' "FORMAT dicom`n%filter blacklist`nLABEL all`n  present Modality`n  coordinates 0,0,4,4"
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe '5. -OutputName' {
    It 'names each copy from its de-identified header, and -PassThru reports the real path' {
        $out = Out-Folder 'hierarchy'
        $results = @(Invoke-DeidReplace -Path $inputs.FullName -OutputFolder $out -OutputName $hierarchy -PassThru -ErrorAction Stop -WarningAction SilentlyContinue)
        $results.Count | Should -Be 8
        (Get-Tree $out).Count | Should -Be 8
        foreach ($r in $results) {
            $r.Written | Should -BeTrue
            Test-Path -LiteralPath $r.OutputPath | Should -BeTrue
            $copy = Get-DicomDataset -LiteralPath $r.OutputPath
            $original = Get-DicomDataset -LiteralPath $r.SourcePath
            $expected = Join-Path $out (Join-Path $copy.PatientID (Join-Path $copy.StudyInstanceUID (Join-Path $copy.SeriesInstanceUID "$($copy.SOPInstanceUID).dcm")))
            $r.OutputPath | Should -Be $expected
            # The de-identified values, never the patient's own.
            $r.OutputPath | Should -Not -Match ([regex]::Escape($original.SOPInstanceUID))
            $r.OutputPath | Should -Not -Match ([regex]::Escape($original.PatientID))
        }
        # Two series of four: the tree groups them.
        @(Get-ChildItem $out -Recurse -Directory | Where-Object { (Get-ChildItem $_.FullName -File).Count -eq 4 }).Count | Should -Be 2
    }

    It 'takes any keyword of a text or number attribute as a token, read from the de-identified header' {
        $out = Out-Folder 'keywords'
        $recipe = New-Recipe 'deid.dated' "FORMAT dicom`n%header`nREPLACE StudyDate 20000101`nREPLACE SeriesDescription SERIES/ONE"
        $results = @(Invoke-DeidReplace -Path $inputs.FullName -Recipe $recipe -OutputFolder $out -OutputName '{StudyDate}/{seriesnumber}-{SeriesDescription}/{InstanceNumber}_{Rows}.dcm' -PassThru -ErrorAction Stop -WarningAction SilentlyContinue)
        $results.Count | Should -Be 8
        foreach ($r in $results) {
            $copy = Get-DicomDataset -LiteralPath $r.OutputPath
            $copy.StudyDate | Should -Be '20000101'
            $r.OutputRelativePath.Replace('\', '/') | Should -Be ('20000101/{0}-SERIES_ONE/{1}_{2}.dcm' -f $copy.SeriesNumber, $copy.InstanceNumber, $copy.Rows)
        }
    }

    It 'completes the tokens of a template after an open brace, on <command>' -ForEach @(
        @{ command = 'Invoke-DeidReplace' }, @{ command = 'Clear-DicomPixel' }
    ) {
        $line = "$command -OutputName '{PatientID}/{Stu"
        $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $found[0].CompletionText | Should -Be "'{PatientID}/{StudyInstanceUID}'"
        $found.CompletionText | Should -Contain "'{PatientID}/{StudyDate}'"
        $line = "$command -OutputName `"{seriesn"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('"{SeriesNumber}"')
    }

    It 'refuses at binding a template that could leave -OutputFolder or gives no file name (<template>)' -ForEach @(
        @{ template = '../{Name}' }, @{ template = 'a/../../{Name}' }, @{ template = '/tmp/{Name}' }, @{ template = 'C:\x\{Name}' },
        @{ template = '{Nmae}.dcm' }, @{ template = '{Name' }, @{ template = '{Name}/' },
        @{ template = '{ReferencedStudySequence}.dcm'; why = 'a sequence' }, @{ template = '{PixelData}.dcm'; why = 'VR O' },
        @{ template = '{TransferSyntaxUID}.dcm'; why = 'file meta' }
    ) {
        $out = Out-Folder 'refused'
        $err = { Invoke-DeidReplace -Path $inputs[0].FullName -OutputFolder $out -OutputName $template } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentValidationError,*'
        $err.Exception.Message | Should -Match 'OutputName'
        if ($why) { $err.Exception.Message | Should -Match ([regex]::Escape($why)) }
        Test-Path $out | Should -BeFalse
    }

    It 'sanitises header values: separators, ''..'' and empty values stay inside the folder' {
        $recipe = New-Recipe 'deid.hostile' "FORMAT dicom`n%header`nREPLACE PatientID ../../escaped`nBLANK Modality"
        $out = Out-Folder 'sanitised'
        $r = Invoke-DeidReplace -Path $inputs[0].FullName -Recipe $recipe -OutputFolder $out -OutputName '{PatientID}/{Modality}/{Name}' -PassThru -ErrorAction Stop -WarningAction SilentlyContinue
        $r.Written | Should -BeTrue
        Get-Tree $out | Should -Be @("_.._escaped/unknown/$($inputs[0].Name)")
        Test-Path (Join-Path $folder 'escaped') | Should -BeFalse
    }

    It 'reports a clash between two files of the run as an error naming both, and never overwrites (even with -Force)' {
        $out = Out-Folder 'clash'
        $results = @(Invoke-DeidReplace -Path $inputs[0].FullName, $inputs[1].FullName -OutputFolder $out -OutputName '{Modality}.dcm' -Force -PassThru -ThrottleLimit 1 -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $results.Count | Should -Be 1
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'OutputNameClash*'
        $e[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $e[0].Exception.Message | Should -Match ([regex]::Escape($inputs[0].Name))
        $e[0].Exception.Message | Should -Match ([regex]::Escape($inputs[1].Name))
        Get-Tree $out | Should -Be @('CT.dcm')
        (Get-DicomDataset (Join-Path $out 'CT.dcm')).InstanceNumber | Should -Be (Get-DicomDataset $inputs[0].FullName).InstanceNumber
    }

    It 'replaces an existing output only with -Force (ResourceExists otherwise)' {
        $out = Out-Folder 'exists'
        Invoke-DeidReplace -Path $inputs[0].FullName -OutputFolder $out -OutputName '{SOPInstanceUID}.dcm' -Key k -ErrorAction Stop -WarningAction SilentlyContinue
        Invoke-DeidReplace -Path $inputs[0].FullName -OutputFolder $out -OutputName '{SOPInstanceUID}.dcm' -Key k -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'OutputExists*'
        $e[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $r = Invoke-DeidReplace -Path $inputs[0].FullName -OutputFolder $out -OutputName '{SOPInstanceUID}.dcm' -Key k -Force -PassThru -ErrorAction Stop -WarningAction SilentlyContinue
        $r.Written | Should -BeTrue
    }

    It 'keeps the -Recurse tree with {RelativePath}' {
        $export = Out-Folder 'export'
        foreach ($se in 'SE1', 'SE2') {
            New-Item -ItemType Directory -Path (Join-Path $export $se) -Force | Out-Null
            Copy-Item $inputs[[int]($se -eq 'SE2')].FullName (Join-Path $export "$se/IM00001")
        }
        $out = Out-Folder 'relative-token'
        Invoke-DeidReplace -Path $export -Recurse -OutputFolder $out -OutputName '{Modality}/{RelativePath}.dcm' -ErrorAction Stop -WarningAction SilentlyContinue
        Get-Tree $out | Should -Be @('CT/SE1/IM00001.dcm', 'CT/SE2/IM00001.dcm')
    }

    It 'Clear-DicomPixel names the DICOM file and its PNG from the header' {
        $out = Out-Folder 'pixel-named'
        $reports = @(Clear-DicomPixel -Path $inputs[0].FullName, $inputs[1].FullName -Recipe $allPixels -Format Both -OutputFolder $out -OutputName '{SeriesInstanceUID}/{InstanceNumber}.dcm' -PassThru -ErrorAction Stop)
        $reports.Count | Should -Be 2
        $series = (Get-DicomDataset $inputs[0].FullName).SeriesInstanceUID
        $numbers = $inputs[0], $inputs[1] | ForEach-Object { (Get-DicomDataset $_.FullName).InstanceNumber }
        $expected = @($numbers | ForEach-Object { "$series/$_.dcm"; "$series/$_.png" } | Sort-Object)
        Get-Tree $out | Should -Be $expected
        $reports[0].Outputs | Should -Contain (Join-Path $out "$series/$($numbers[0]).dcm")
    }

    It 'warns once per attribute when a token writes an identifying value the recipe keeps into the paths (QA)' {
        $keeps = New-Recipe 'deid.keepname' "FORMAT dicom`n%header`nREPLACE PatientID SUBJ1"
        $out = Out-Folder 'named-kept'
        $null = $inputs | Invoke-DeidReplace -Recipe $keeps -OutputFolder $out -OutputName '{PatientName}/{PatientBirthDate}/{PatientID}/{InstanceNumber}.dcm' -WarningVariable warned -WarningAction SilentlyContinue
        $kept = @($warned | Where-Object { "$_" -match 'writes the patient''s own' })
        $kept.Count | Should -Be 2
        "$($kept[0])" | Should -Match 'own PatientName into the output paths: the recipe keeps it'
        "$($kept[1])" | Should -Match 'own PatientBirthDate'
        $name = (Get-DicomDataset $inputs[0].FullName).PatientName
        ($kept | Out-String) | Should -Not -Match ([regex]::Escape("$name"))
    }
}

Describe '6. Resume' {
    BeforeAll {
        # A broken file in the middle of the batch.
        $script:resumeIn = Out-Folder 'resume-in'
        New-Item -ItemType Directory $resumeIn | Out-Null
        $inputs | Copy-Item -Destination $resumeIn
        Set-Content -LiteralPath (Join-Path $resumeIn 'CT-0004.dcm') -Value 'not a DICOM file'
        $script:good = @(Get-ChildItem $resumeIn -File | Where-Object Name -ne 'CT-0004.dcm').Count
    }

    It 'reports every file written when -ErrorAction Stop stops the batch (throttle <throttle>)' -ForEach @(@{ throttle = 1 }, @{ throttle = 4 }) {
        $out = Out-Folder "stopped-$throttle"
        $reported = [Collections.Generic.List[object]]::new()
        { Get-ChildItem $resumeIn -File | Invoke-DeidReplace -OutputFolder $out -ThrottleLimit $throttle -PassThru -ErrorAction Stop -WarningAction SilentlyContinue | ForEach-Object { $reported.Add($_) } } | Should -Throw
        $written = @(Get-Tree $out)
        $written.Count | Should -BeGreaterOrEqual 3
        @($reported | ForEach-Object { Split-Path $_.OutputPath -Leaf }) | Should -Be $written
    }

    It '-SkipExisting resumes a stopped batch, counting what it skipped' {
        $out = Out-Folder 'resumed'
        { Get-ChildItem $resumeIn -File | Invoke-DeidReplace -OutputFolder $out -Key k -ThrottleLimit 2 -ErrorAction Stop -WarningAction SilentlyContinue } | Should -Throw
        $before = @(Get-Tree $out).Count
        $results = @(Get-ChildItem $resumeIn -File | Invoke-DeidReplace -OutputFolder $out -Key k -SkipExisting -PassThru -Verbose -ErrorAction SilentlyContinue -WarningAction SilentlyContinue 4>&1)
        $verbose = @($results | Where-Object { $_ -is [Management.Automation.VerboseRecord] })
        $files = @($results | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] })
        @($files | Where-Object Skipped).Count | Should -Be $before
        @($files | Where-Object Written).Count | Should -Be ($good - $before)
        @(Get-Tree $out).Count | Should -Be $good
        ($verbose -join "`n") | Should -Match "Skipped $before input"
    }

    It '-SkipExisting works where -OutputName knows the name' {
        $out = Out-Folder 'resumed-named'
        Invoke-DeidReplace -Path $inputs[0].FullName -OutputFolder $out -OutputName $hierarchy -Key k -ErrorAction Stop -WarningAction SilentlyContinue
        $results = @(Invoke-DeidReplace -Path $inputs[0].FullName, $inputs[1].FullName -OutputFolder $out -OutputName $hierarchy -Key k -SkipExisting -PassThru -ErrorAction Stop -WarningAction SilentlyContinue)
        $results[0].Skipped | Should -BeTrue
        $results[0].Written | Should -BeFalse
        $results[1].Written | Should -BeTrue
        @(Get-Tree $out).Count | Should -Be 2
    }

    It 'Clear-DicomPixel -Format <format> -SkipExisting skips an input whose PNG exists, counting it' -ForEach @(@{ format = 'Png' }, @{ format = 'Both' }) {
        $out = Out-Folder "skip-png-$format"
        # The first run writes input 0 only; the rerun over 0 and 1 must leave 0 as it is and write 1.
        Clear-DicomPixel -Path $inputs[0].FullName -Recipe $allPixels -OutputFolder $out -Format $format -ErrorAction Stop
        $png = Join-Path $out ([IO.Path]::ChangeExtension($inputs[0].Name, '.png'))
        $before = (Get-Item -LiteralPath $png).LastWriteTimeUtc
        $all = @(Clear-DicomPixel -Path $inputs[0].FullName, $inputs[1].FullName -Recipe $allPixels -OutputFolder $out -Format $format -SkipExisting -PassThru -Verbose -ErrorAction Stop 4>&1)
        $reports = @($all | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] })
        $verbose = @($all | Where-Object { $_ -is [Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $reports.Count | Should -Be 2
        $reports[0].Skipped | Should -BeTrue
        $reports[0].Written | Should -BeFalse
        $reports[1].Skipped | Should -BeFalse
        $reports[1].Written | Should -BeTrue
        (Get-Item -LiteralPath $png).LastWriteTimeUtc | Should -Be $before
        ($verbose -join "`n") | Should -Match 'Skipped 1 input'
        ($verbose -join "`n") | Should -Match '2 file\(s\) processed: 1 written, 0 failed, 1 skipped'
        $expected = @([IO.Path]::ChangeExtension($inputs[0].Name, '.png'), [IO.Path]::ChangeExtension($inputs[1].Name, '.png'))
        if ($format -eq 'Both') { $expected += $inputs[0].Name, $inputs[1].Name }
        Get-Tree $out | Should -Be @($expected | Sort-Object)
    }

    It 'Clear-DicomPixel -Format Both -SkipExisting writes a missing DICOM output beside a PNG that exists' {
        $out = Out-Folder 'skip-both-half'
        Clear-DicomPixel -Path $inputs[2].FullName -Recipe $allPixels -OutputFolder $out -Format Png -ErrorAction Stop
        $r = Clear-DicomPixel -Path $inputs[2].FullName -Recipe $allPixels -OutputFolder $out -Format Both -SkipExisting -PassThru -ErrorAction Stop
        $r.Skipped | Should -BeFalse
        $r.Written | Should -BeTrue
        Test-Path -LiteralPath (Join-Path $out $inputs[2].Name) | Should -BeTrue
    }

    It '<command> refuses -SkipExisting with -Force' -ForEach @(@{ command = 'Invoke-DeidReplace' }, @{ command = 'Clear-DicomPixel' }) {
        $err = { & $command -Path $inputs[0].FullName -OutputFolder (Out-Folder 'skip-force') -SkipExisting -Force -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'SkipExistingAndForce*'
    }
}

Describe '7. Positional and piped paths' {
    It '<command> <form> binds as for Get-DicomIdentifier' -ForEach @(
        foreach ($command in 'Invoke-DeidReplace', 'Clear-DicomPixel') {
            @{ command = $command; form = 'positional wildcard' }
            @{ command = $command; form = 'piped wildcard string' }
            @{ command = $command; form = 'array of FileInfo' }
        }
    ) {
        $out = Out-Folder "bind-$command-$($form -replace ' ', '-')"
        $extra = @{ OutputFolder = $out; ErrorAction = 'Stop'; WarningAction = 'SilentlyContinue' }
        if ($command -eq 'Clear-DicomPixel') { $extra.Recipe = $allPixels }
        $pattern = Join-Path $in '*.dcm'
        switch ($form) {
            'positional wildcard' { & $command $pattern @extra }
            'piped wildcard string' { $pattern | & $command @extra }
            'array of FileInfo' { & $command (Get-ChildItem $in) @extra }
        }
        (Get-Tree $out).Count | Should -Be 8
        (Get-Tree $out).Count | Should -Be @(Get-DicomIdentifier $pattern).Count
    }

    It 'still takes identifier objects and CSV rows with their variables' {
        $recipe = New-Recipe 'deid.var' "FORMAT dicom`n%header`nREPLACE PatientID var:NewID"
        $out = Out-Folder 'rows'
        [pscustomobject]@{ Path = $inputs[0].FullName; NewID = 'ROW-1' } | Invoke-DeidReplace -Recipe $recipe -OutputFolder $out -ErrorAction Stop
        (Get-DicomDataset (Join-Path $out $inputs[0].Name)).PatientID | Should -Be 'ROW-1'
    }
}

Describe '9. -WhatIf tells the truth' {
    It 'reports an existing output as a clash, not as a file it would write, and -PassThru returns the would-be results' {
        $out = Out-Folder 'whatif'
        Invoke-DeidReplace -Path $inputs[0].FullName -OutputFolder $out -ErrorAction Stop -WarningAction SilentlyContinue
        $results = @(Invoke-DeidReplace -Path $inputs[0].FullName, $inputs[1].FullName -OutputFolder $out -WhatIf -PassThru -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'OutputExists*'
        $e[0].TargetObject | Should -Be $inputs[0].FullName
        $results.Count | Should -Be 1
        $results[0].SourcePath | Should -Be $inputs[1].FullName
        $results[0].Written | Should -BeFalse
        $results[0].Replaced | Should -BeGreaterThan 0
        Get-Tree $out | Should -Be @($inputs[0].Name)
    }
}

Describe '9. -WhatIf tells the truth about PNG outputs' {
    It 'Clear-DicomPixel -Format <format> -WhatIf reports an existing PNG as a clash' -ForEach @(@{ format = 'Png' }, @{ format = 'Both' }) {
        $out = Out-Folder "whatif-png-$format"
        Clear-DicomPixel -Path $inputs[0].FullName -Recipe $allPixels -OutputFolder $out -Format Png -ErrorAction Stop
        $results = @(Clear-DicomPixel -Path $inputs[0].FullName, $inputs[1].FullName -Recipe $allPixels -OutputFolder $out -Format $format -WhatIf -PassThru -ErrorVariable e -ErrorAction SilentlyContinue)
        $e.Count | Should -Be 1
        $e[0].FullyQualifiedErrorId | Should -BeLike 'OutputExists*'
        $e[0].CategoryInfo.Category | Should -Be 'ResourceExists'
        $e[0].TargetObject | Should -Be $inputs[0].FullName
        $e[0].Exception.Message | Should -Match ([regex]::Escape([IO.Path]::ChangeExtension($inputs[0].Name, '.png')))
        $results.Count | Should -Be 1
        $results[0].SourcePath | Should -Be $inputs[1].FullName
        Get-Tree $out | Should -Be @([IO.Path]::ChangeExtension($inputs[0].Name, '.png'))
    }

    It 'Clear-DicomPixel -Format Png -WhatIf -SkipExisting reports no clash for a PNG that exists' {
        $out = Out-Folder 'whatif-png-skip'
        Clear-DicomPixel -Path $inputs[0].FullName -Recipe $allPixels -OutputFolder $out -Format Png -ErrorAction Stop
        $r = Clear-DicomPixel -Path $inputs[0].FullName -Recipe $allPixels -OutputFolder $out -Format Png -WhatIf -SkipExisting -PassThru -ErrorAction Stop
        $r.Skipped | Should -BeTrue
    }
}

Describe '10. Error records' {
    It 'an unusable -OutputFolder is one terminating error naming the folder' {
        $file = Join-Path $folder 'a-file'
        Set-Content -LiteralPath $file -Value x
        $err = { Invoke-DeidReplace -Path $inputs[0].FullName, $inputs[1].FullName -OutputFolder $file -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'OutputFolderUnusable*'
        $err.TargetObject | Should -Be $file
        $err.Exception.Message | Should -Match ([regex]::Escape($file))
    }

    It '<command> names the output, never its temporary file, when a write fails (<case>)' -ForEach @(
        foreach ($command in 'Invoke-DeidReplace', 'Clear-DicomPixel') {
            @{ command = $command; case = 'output is a folder' }
        }
    ) {
        $out = Out-Folder "write-fails-$command-$($case -replace ' ', '-')"
        $extra = @{ OutputFolder = $out; ErrorVariable = 'e'; ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue' }
        if ($command -eq 'Clear-DicomPixel') { $extra.Recipe = $allPixels }
        # (A name past the 255 characters a file system takes was the other case; -OutputName now cuts such a name, below.)
        $expected = Join-Path $out $inputs[0].Name
        New-Item -ItemType Directory -Path $expected -Force | Out-Null
        & $command -Path $inputs[0].FullName @extra
        $e.Count | Should -Be 1
        $texts = @("$($e[0])", $e[0].Exception.Message, "$($e[0].TargetObject)", "$($e[0].ErrorDetails)")
        foreach ($t in $texts) { $t | Should -Not -Match '\.tmp\b|\.deid-' }
        "$($e[0])" | Should -Match ([regex]::Escape($expected))
        @(Get-ChildItem -LiteralPath $out -Force -Recurse -File).Count | Should -Be 0
    }

    # QA3 F11: a name of -OutputName past the 255 characters (or UTF-8 bytes) a file system takes could not be written.
    It '<command> writes an -OutputName too long for the file system under a name cut to fit' -ForEach @(
        @{ command = 'Invoke-DeidReplace' }
        @{ command = 'Clear-DicomPixel' }
    ) {
        $out = Out-Folder "long-output-name-$command"
        $extra = @{ OutputFolder = $out; OutputName = ('x' * 260) + '{Name}'; ErrorAction = 'Stop'; WarningAction = 'SilentlyContinue' }
        if ($command -eq 'Clear-DicomPixel') { $extra.Recipe = $allPixels }
        & $command -Path $inputs[0].FullName @extra
        $written = @(Get-ChildItem -LiteralPath $out -Force -File)
        $written.Count | Should -Be 1
        $written[0].Name.Length | Should -Be 255
        $written[0].Name | Should -Match ('^x{200,}~[0-9a-f]{16}' + [regex]::Escape($inputs[0].Extension) + '$')
    }

    It 'a file whose name is 250 characters is written: the temporary name never makes a valid name too long' {
        $long = Join-Path $folder (('a' * 246) + '.dcm')
        Copy-Item -LiteralPath $inputs[0].FullName -Destination $long
        $out = Out-Folder 'long-name'
        Invoke-DeidReplace -LiteralPath $long -OutputFolder $out -ErrorAction Stop -WarningAction SilentlyContinue
        Test-Path -LiteralPath (Join-Path $out (Split-Path $long -Leaf)) | Should -BeTrue
    }

    It 'a missing -KeyFile is PathNotFound naming it' {
        $missing = Join-Path $folder 'no-such.key'
        $err = { Invoke-DeidReplace -Path $inputs[0].FullName -OutputFolder (Out-Folder 'keyfile') -KeyFile $missing -WarningAction SilentlyContinue } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeLike 'PathNotFound*'
        $err.Exception.Message | Should -Match ([regex]::Escape($missing))
    }
}

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

    It 'still expands an escaped wildcard character in -Path and takes it literally in -LiteralPath' {
        $odd = Join-Path $folder 'odd[1].dcm'
        Copy-Item -LiteralPath $names[0] -Destination $odd
        (Test-DicomBurnedPixel -Path (Join-Path $folder 'odd`[1`].dcm') -WarningAction SilentlyContinue).Path | Should -Be $odd
        (Test-DicomBurnedPixel -LiteralPath $odd -WarningAction SilentlyContinue).Path | Should -Be $odd
        Remove-Item -LiteralPath $odd
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

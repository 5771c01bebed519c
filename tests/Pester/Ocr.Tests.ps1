# -Ocr (issue 13): burned-in PHI no filter rule knows, found by Tesseract and matched against each file's own header, on
# Test-DicomBurnedPixel, Clear-DicomPixel and Invoke-DeidReplace -CleanPixels. The corpus is New-DicomSample -LegibleText: the
# file's name, ID and birth date burned at varying positions, sizes and greys, device labels beside them (BurnedText).

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:inputs = @(New-DicomSample -Path (Join-Path $folder 'in') -Modality US -Count 3 -Seed 21 -LegibleText)
    # A recipe without filters: only OCR can find the text.
    $script:recipe = Join-Path $folder 'deid.nofilter'
    "FORMAT dicom`n`n%header`n`nREPLACE PatientName anonymous`nREMOVE PatientID`n" | Set-Content -LiteralPath $recipe

    function Get-Frame([string]$Path) {
        $file = [Deid.Dicom.DicomFile]::Open($Path)
        $pixels = [Deid.Dicom.NativePixelData]::Open($file.Dataset)
        try { [pscustomobject]@{ Bytes = $pixels.ReadFrame(0); Columns = $pixels.Geometry.Columns; Samples = $pixels.Geometry.SamplesPerPixel } } finally { $pixels.Dispose() }
    }

    # Share of the box's pixels that are the ground (0) in a frame: 1 when the box was blanked.
    function Get-BlankShare($Frame, $Box) {
        $blank = 0; $total = 0
        for ($y = $Box.Y0; $y -lt $Box.Y1; $y += 2) {
            for ($x = $Box.X0; $x -lt $Box.X1; $x += 2) {
                $total++
                if ($Frame.Bytes[($y * $Frame.Columns + $x) * $Frame.Samples] -eq 0) { $blank++ }
            }
        }
        $blank / $total
    }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'New-DicomSample -LegibleText' {
    It 'burns the name, ID and birth date and labels, and lists their boxes' {
        $inputs[0].BurnedText.Count | Should -BeGreaterThan 4
        @($inputs[0].BurnedText | Where-Object IsIdentifying).Keyword | Should -Be @('PatientName', 'PatientID', 'PatientBirthDate')
        $ds = Get-DicomDataset -LiteralPath $inputs[0].FullName -HeaderOnly
        ($inputs[0].BurnedText | Where-Object Keyword -EQ PatientID).Text | Should -Be $ds.PatientID
        $ds.Rows | Should -Be 512
    }
}

Describe 'Test-DicomBurnedPixel -Ocr' {
    It 'flags a file no filter knows, with Ocr rectangles over every PHI box and none over the labels' {
        $results = @($inputs | Test-DicomBurnedPixel -Recipe $recipe -Ocr -WarningAction SilentlyContinue)
        $results.Count | Should -Be 3
        foreach ($r in $results) {
            $r.Flagged | Should -BeTrue
            $r.Group | Should -Contain 'ocr'
            $ocr = @($r.Coordinates | Where-Object Kind -EQ 'Ocr')
            $ocr.Count | Should -BeGreaterThan 0
            $ocr[0].Rectangle | Should -Match '^\d+,\d+,\d+,\d+$'
            $ocr[0].Field | Should -Not -BeNullOrEmpty
            # A finding keeps its least confident word's score (Tesseract gives 0 to some words it still reads).
            $ocr | ForEach-Object { $_.Confidence | Should -BeGreaterOrEqual 0; $_.Confidence | Should -BeLessOrEqual 100 }
        }
    }

    It 'warns once a command that it read the first frame of a cine only, and names each later one with -Verbose' {
        # Multi-frame QA F4: text burned only into later frames is not found by the default -OcrFrames First. QA OCR
        # 2026-12-07: without -Verbose nothing was said; now the first such file of a command is a warning.
        $cine = Join-Path $SharedData 'pydicom/test_files/SC_rgb_rle_2frame.dcm'
        $copy = Join-Path $folder 'cine-copy.dcm'
        Copy-Item -LiteralPath $cine $copy
        $verbose = @(Test-DicomBurnedPixel -LiteralPath $cine, $copy -Recipe $recipe -Ocr -Verbose -WarningVariable warned -WarningAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        @($warned | Where-Object { "$_" -like '*OCR read frame 1 of 2 (-OcrFrames First)*Said for the first such file*' }).Count | Should -Be 1
        @($verbose | Where-Object Message -Like '*OCR read frame 1 of 2 (-OcrFrames First)*').Count | Should -Be 1
        $out = Join-Path $folder 'cine-out'
        $null = Invoke-DeidReplace -LiteralPath $cine, $copy -Recipe $recipe -CleanPixels -Ocr -OutputFolder $out -WarningVariable replaceWarned -WarningAction SilentlyContinue
        @($replaceWarned | Where-Object { "$_" -like '*OCR read frame 1 of 2 (-OcrFrames First)*' }).Count | Should -Be 1
        @(Test-DicomBurnedPixel -LiteralPath $cine -Recipe $recipe -Ocr -OcrFrames All -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*OCR read frame 1 of*' }).Count | Should -Be 0
    }

    It 'without -Ocr reads headers only and flags nothing here' {
        @($inputs | Test-DicomBurnedPixel -Recipe $recipe -WarningAction SilentlyContinue).Flagged | Should -Not -Contain $true
    }

    It 'writes OCR rows for Export-Csv with -Flatten' {
        $rows = @($inputs[0] | Test-DicomBurnedPixel -Recipe $recipe -Ocr -Flatten -WarningAction SilentlyContinue)
        @($rows | Where-Object { $_.FlagList -eq 'ocr' -and $_.PixelsFlagged -eq 'FLAGGED' }).Count | Should -BeGreaterThan 0
        ($rows | Export-Csv -LiteralPath (Join-Path $folder 'inspect.csv') -NoTypeInformation)
        (Import-Csv (Join-Path $folder 'inspect.csv')).Reason | Should -Match '^ocr '
    }

    It 'stops at once with the package to install when Tesseract is missing' {
        { $inputs | Test-DicomBurnedPixel -Recipe $recipe -Ocr -TesseractPath (Join-Path $folder 'no-tesseract') -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*tesseract-ocr*'
    }

    It 'warns that -OcrScope does nothing without -Ocr' {
        $null = $inputs[0] | Test-DicomBurnedPixel -Recipe $recipe -OcrScope AllText -WarningVariable w -WarningAction SilentlyContinue
        ($w -join "`n") | Should -Match 'without -Ocr'
    }
}

Describe 'Clear-DicomPixel -Ocr' {
    It 'blanks every PHI box (piped verdicts reused) and leaves the labels' {
        $out = Join-Path $folder 'clear'
        $reports = @($inputs | Test-DicomBurnedPixel -Recipe $recipe -Ocr | Clear-DicomPixel -OutputFolder $out -Format Both -PassThru)
        $reports.Count | Should -Be 3
        foreach ($i in 0..2) {
            $reports[$i].FramesCleaned | Should -Be 1
            $frame = Get-Frame (Join-Path $out $inputs[$i].Name)
            foreach ($box in $inputs[$i].BurnedText) {
                $share = Get-BlankShare $frame $box
                if ($box.IsIdentifying) { $share | Should -BeGreaterThan 0.9 -Because "$($box.Keyword) must be blanked" }
                elseif ($box.Text.Length -gt 3) { $share | Should -BeLessThan 0.9 -Because "label '$($box.Text)' must stay" }
            }
            Join-Path $out ($inputs[$i].BaseName + '.png') | Should -Exist
        }
    }

    It 'reads files given as paths with OCR itself' {
        $out = Join-Path $folder 'clear-paths'
        $reports = @(Clear-DicomPixel -LiteralPath $inputs[0].FullName -Recipe $recipe -Ocr -OutputFolder $out -PassThru)
        $reports[0].Flagged | Should -BeTrue
        Join-Path $out $inputs[0].Name | Should -Exist
    }
}

Describe 'Invoke-DeidReplace -CleanPixels -Ocr' {
    It 'cleans header and burned-in PHI in one pass; Tesseract reads no PHI in the output' {
        $out = Join-Path $folder 'replace'
        $results = @($inputs | Invoke-DeidReplace -Recipe $recipe -CleanPixels -Ocr -OutputFolder $out -PassThru)
        $results.Succeeded | Should -Not -Contain $false
        foreach ($i in 0..2) {
            $written = Join-Path $out $inputs[$i].Name
            (Get-DicomDataset -LiteralPath $written -HeaderOnly).PatientName | Should -Be 'anonymous'
            $frame = Get-Frame $written
            foreach ($box in $inputs[$i].BurnedText | Where-Object IsIdentifying) { Get-BlankShare $frame $box | Should -BeGreaterThan 0.9 }
        }
        # The independent referee: Tesseract on the cleaned preview finds no word of the name or the ID.
        $png = Join-Path $folder 'check'
        $pngs = @(Get-ChildItem $out -Filter *.dcm | ForEach-Object {
                $dest = Join-Path $png ($_.BaseName + '.png')
                New-Item -ItemType Directory -Force -Path $png | Out-Null
                [Deid.Pixels.PngWriter]::Write($dest, [Deid.Pixels.PngPreview]::Render([Deid.Dicom.DicomFile]::Open($_.FullName), 0), $true)
                $dest })
        foreach ($i in 0..2) {
            $text = (& tesseract $pngs[$i] stdout --psm 6 2>$null) -join ' '
            $name = (Get-DicomDataset -LiteralPath $inputs[$i].FullName -HeaderOnly).PatientName
            foreach ($part in ($name -split '\^' | Where-Object Length -GE 3)) { $text | Should -Not -Match $part }
            $text | Should -Not -Match ($inputs[$i].BurnedText | Where-Object Keyword -EQ PatientID).Text.Substring(3)
        }
    }

    It 'refuses -Ocr without -CleanPixels' {
        { $inputs[0] | Invoke-DeidReplace -Recipe $recipe -Ocr -OutputFolder (Join-Path $folder 'x') -ErrorAction Stop } | Should -Throw -ExpectedMessage '*-CleanPixels*'
    }

    It 'stops before writing anything when Tesseract is missing' {
        $out = Join-Path $folder 'missing'
        { $inputs | Invoke-DeidReplace -Recipe $recipe -CleanPixels -Ocr -TesseractPath /nonexistent/tesseract -OutputFolder $out -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*tesseract-ocr*'
        $out | Should -Not -Exist
    }
}

Describe 'OCR of JPEG 2000 pixels' {
    # A real ultrasound from pydicom's corpus, JPEG 2000 lossless with the colour transform: its institution's name
    # ("BAPTIST MED CTR", also its InstitutionName) is burned into the top-left corner, where no filter of the recipe looks.
    It 'finds the burned-in institution name in a JPEG 2000 frame, and -CleanPixels blanks it in a copy written uncompressed' {
        $source = Join-Path $SharedData 'pydicom/test_files/examples_jpeg2k.dcm'
        $verdict = Get-Item $source | Test-DicomBurnedPixel -Recipe $recipe -Ocr
        $verdict.Flagged | Should -BeTrue
        $box = @($verdict.Ocr.Findings | Where-Object Field -EQ InstitutionName)[0]
        $box | Should -Not -BeNullOrEmpty
        $box.Y1 | Should -BeLessThan 60
        $out = Join-Path $folder 'j2k-ocr'
        $result = Get-Item $source | Invoke-DeidReplace -Recipe $recipe -CleanPixels -Ocr -OutputFolder $out -PassThru
        $result.FramesCleaned | Should -Be 1
        (Get-DicomDataset -LiteralPath $result.OutputPath -HeaderOnly).TransferSyntax.Uid | Should -Be '1.2.840.10008.1.2.1'
        Get-BlankShare (Get-Frame $result.OutputPath) $box | Should -BeGreaterThan 0.9
    }
}

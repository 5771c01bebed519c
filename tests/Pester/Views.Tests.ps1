# The default table views (module/Deid.Format.ps1xml) in an 80-column console: every column shown with its header whole on
# one line, nothing wider than the console, the values each view promises readable; and a 120-column console shows more.
# A console host of 80 columns writes 79 (it leaves the last column empty: Out-String -Width 79 is what it shows), and
# Out-String -Width 80 lays a table out over all 80; both are checked, and 120.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:samples = @(New-DicomSample -Path (Join-Path $folder 'in') -Count 3 -Modality CT -Seed 5)
    # A deliberately weak recipe: its outputs leak nearly every identifying value.
    $script:weak = Join-Path $folder 'deid.weak'
    'FORMAT dicom', '%header', 'REMOVE PatientAddress' | Set-Content -LiteralPath $weak

    # The table's lines at a width, laid out with the current folder at the test folder (the views show paths relative to it).
    function Get-TableLines($Objects, [int]$Width) {
        Push-Location -LiteralPath $script:folder
        try { @(($Objects | Out-String -Width $Width) -split "`r?`n") }
        finally { Pop-Location }
    }

    # The header line: the one above the first line of dashes, with an empty line above it (a header too narrow for its
    # column wraps onto more lines, or one letter a line).
    function Get-HeaderLine([string[]]$Lines) {
        $dashes = [array]::FindIndex($Lines, [Predicate[string]] { param($l) $l -match '^-{2,}' })
        $dashes | Should -BeGreaterThan 0
        if ($dashes -gt 1) { $Lines[$dashes - 2].Trim() | Should -BeNullOrEmpty -Because "the header wrapped: '$($Lines[$dashes - 2])' / '$($Lines[$dashes - 1])'" }
        $Lines[$dashes - 1]
    }

    # Every label on the header line, in order, and no line wider than the table was laid out for: at 79, what an 80-column
    # console writes, no line longer than 79. (Out-String -Width 80 lays a table out over 80 columns, so a value longer than
    # its column fills column 80 there, which a console host of 80 columns never writes.)
    function Assert-Table([string[]]$Lines, [int]$Width, [string[]]$Labels) {
        $header = Get-HeaderLine $Lines
        @($header -split '\s+' | Where-Object { $_ }) | Should -Be $Labels -Because "the header at $Width columns is '$header'"
        $Lines | Where-Object { $_.Length -gt $Width } | Should -BeNullOrEmpty
    }

    # The first line that contains $Text (literally), or $null.
    function Find-Line([string[]]$Lines, [string]$Text) { $Lines | Where-Object { $_.Contains($Text) } | Select-Object -First 1 }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-DeidReplace -PassThru (DeidFileResult)' {
    BeforeAll {
        Push-Location -LiteralPath $folder
        try {
            $script:results = @(Invoke-DeidReplace -Path ./in -Recurse -Recipe dicom -OutputFolder ./out -PassThru -WarningAction SilentlyContinue)
            $script:longResults = @(Invoke-DeidReplace -Path ./in -Recurse -Recipe dicom -OutputFolder ./deid-output/batch-2024 -PassThru -WarningAction SilentlyContinue)
        }
        finally { Pop-Location }
        $script:labels = 'Source', 'Added', 'Replaced', 'Removed', 'Blanked', 'Jittered', 'OutputPath'
    }

    It 'shows every column, the counts and both paths with their file names at <width> columns' -ForEach @(@{ width = 79 }, @{ width = 80 }) {
        $lines = Get-TableLines $results $width
        Assert-Table $lines $width $labels
        foreach ($r in $results) {
            $name = Split-Path -Leaf $r.SourcePath
            $row = Find-Line $lines "in/$name"
            $row | Should -Not -BeNullOrEmpty -Because "the source in/$name is shown whole"
            $row | Should -Match ("\s{0}\s+{1}\s+{2}\s+{3}\s+{4}\s+out/{5}$" -f $r.Added, $r.Replaced, $r.Removed, $r.Blanked, $r.Jittered, [regex]::Escape($name))
        }
    }

    It 'wraps a long output path at 79 columns, keeping the file name, and shows it on one line at 120' {
        $narrow = Get-TableLines $longResults 79
        Assert-Table $narrow 79 $labels
        $wide = Get-TableLines $longResults 120
        Assert-Table $wide 120 $labels
        foreach ($r in $longResults) {
            $name = Split-Path -Leaf $r.OutputPath
            $path = "deid-output/batch-2024/$name"
            Find-Line $narrow $path | Should -BeNullOrEmpty -Because "$($path.Length) characters do not fit the 19 columns OutputPath has at 79"
            # The wrapped path: its start on the row, the rest on the lines under it.
            $at = [array]::IndexOf($narrow, (Find-Line $narrow "in/$name"))
            $at | Should -BeGreaterThan 0
            $joined = $narrow[$at].Substring(60).TrimEnd() + (($narrow[($at + 1)..($at + 2)] | Where-Object { $_ -match '^\s{60}\S' } | ForEach-Object { $_.Substring(60).TrimEnd() }) -join '')
            $joined | Should -Be $path
            Find-Line $wide $path | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'Get-DicomIdentifier (DicomIdentifiers)' {
    BeforeAll {
        $script:ids = @(Get-DicomIdentifier -LiteralPath $samples.FullName)
        $ids[0].Variables.id = 'SUBJ-1'
        $ids[1].Variables.id = 'SUBJ-2'
        $ids[1].Variables.note = 'left knee'
        $script:labels = 'File', 'PatientID', 'PatientName', 'BirthDate', 'Accession', 'StudyDate', 'Variables'
    }

    It 'shows every column, StudyDate and Variables included, at <width> columns' -ForEach @(@{ width = 79 }, @{ width = 80 }) {
        $lines = Get-TableLines $ids $width
        Assert-Table $lines $width $labels
        foreach ($id in $ids) {
            $row = Find-Line $lines ("CT-000{0}.dcm" -f ([array]::IndexOf($ids, $id) + 1))
            $row | Should -Not -BeNullOrEmpty
            # The identifiers whole, the name at least to its 10th character (11 columns).
            $name = if ($id.PatientName.Length -le 11) { $id.PatientName } else { $id.PatientName.Substring(0, 10) + '…' }
            $row | Should -Match ('\s{0}\s+{1}\s+{2}\s+{3}\s+{4}(\s|$)' -f [regex]::Escape($id.PatientID), [regex]::Escape($name),
                $id.PatientBirthDate, [regex]::Escape($id.AccessionNumber), $id.StudyDate)
        }
        (Find-Line $lines 'CT-0001.dcm') | Should -Match '\sid=SUBJ-1$'
        (Find-Line $lines 'CT-0002.dcm') | Should -Match '\sid=SUBJ-2\S*…$'
    }

    It 'shows more of the names and variables at 120 columns' {
        $lines = Get-TableLines $ids 120
        Assert-Table $lines 120 $labels
        foreach ($id in $ids) { Find-Line $lines $id.PatientName | Should -Not -BeNullOrEmpty -Because "$($id.PatientName) is whole at 120" }
        (Find-Line $lines 'CT-0002.dcm') | Should -Match '\sid=SUBJ-2; note=left knee$'
    }
}

Describe 'Test-DeidOutput leaks (DeidLeak)' {
    BeforeAll {
        Push-Location -LiteralPath $folder
        try {
            Invoke-DeidReplace -Path ./in -Recurse -Recipe ./deid.weak -OutputFolder ./weak-out -WarningAction SilentlyContinue
            $script:leaks = @((Test-DeidOutput -OriginalPath ./in -OutputPath ./weak-out)[0].Leaks)
        }
        finally { Pop-Location }
        $leaks.Count | Should -BeGreaterThan 20
        $script:labels = 'Category', 'ElementPath', 'Keyword', 'VR', 'Form', 'Location', 'ByteOffset'
        $script:patientId = $leaks | Where-Object Keyword -eq 'PatientID' | Select-Object -First 1
        $script:uid = $leaks | Where-Object Keyword -eq 'SOPInstanceUID' | Select-Object -First 1
        $script:nested = $leaks | Where-Object ElementPath -eq '(0040,0275)__0__(0040,0009)' | Select-Object -First 1
    }

    It 'shows every column, Form, Location and ByteOffset included, at <width> columns' -ForEach @(@{ width = 79 }, @{ width = 80 }) {
        $lines = Get-TableLines $leaks $width
        Assert-Table $lines $width $labels
        # A short value's row whole.
        (Find-Line $lines '(0010,0020)') | Should -Match ('^Identifying\s+\(0010,0020\)\s+PatientID\s+LO {0}\s+Bytes\s+{1}$' -f [regex]::Escape($patientId.Form), $patientId.ByteOffset)
        # A UID: the start of the value, where it was found.
        (Find-Line $lines '(0008,0018)') | Should -Match ('\sUI {0}\S*…\s+Bytes\s+{1}$' -f [regex]::Escape($uid.Form.Substring(0, 10)), $uid.ByteOffset)
        # A nested element: its own tag and keyword.
        (Find-Line $lines '…(0040,0009)') | Should -Match ('^Identifying\s+…\(0040,0009\)\s+…Schedul\S*\s+SH {0}\s+Bytes\s+{1}$' -f $nested.Form, $nested.ByteOffset)
        @($lines | Where-Object { $_ -match '\s(Bytes|InflatedBytes|FileName|FolderName)\s+-?\d+$' }).Count | Should -Be $leaks.Count
    }

    It 'shows more of the keywords and values at 120 columns' {
        $lines = Get-TableLines $leaks 120
        Assert-Table $lines 120 $labels
        (Find-Line $lines '(0008,0012)') | Should -Match '\sInstanceCreationDate\s+DA\s'
        (Find-Line $lines '(0008,0018)') | Should -Match ('\sUI {0}' -f [regex]::Escape($uid.Form.Substring(0, 30)))
        (Find-Line $lines '…(0040,0009)') | Should -Match '\s…ScheduledProcedureStepID\s+SH\s'
    }
}

Describe '(Get-DicomIdentifier).Fields.Values (IdentifierField)' {
    BeforeAll {
        $script:fields = @((Get-DicomIdentifier -LiteralPath $samples[0].FullName).Fields.Values)
        $script:labels = 'Path', 'VR', 'Keyword', 'Value'
        $script:sopUid = ($fields | Where-Object Keyword -eq 'SOPInstanceUID').ToString()
    }

    It 'leaves the values room at <width> columns' -ForEach @(@{ width = 79 }, @{ width = 80 }) {
        $lines = Get-TableLines $fields $width
        Assert-Table $lines $width $labels
        # Value has 23 columns at 79 (the character set was cut to 'ISO_IR 1…'): shorter values whole, longer ones cut.
        $room = $width - 56
        foreach ($keyword in 'SpecificCharacterSet', 'PatientName', 'InstitutionAddress') {
            $value = ($fields | Where-Object Keyword -eq $keyword).ToString()
            $shown = if ($value.Length -le $room) { [regex]::Escape($value) + '$' } else { [regex]::Escape($value.Substring(0, $room - 1)) + '…$' }
            $value.Length | Should -BeGreaterThan 8
            (Find-Line $lines " $keyword ") | Should -Match ('\s{0}\s+{1}' -f $keyword, $shown)
        }
        # A nested path keeps its outer sequence and its element.
        (Find-Line $lines '(0040,0275)…(0040,0009)') | Should -Match '^\(0040,0275\)…\(0040,0009\)\s+SH\s+ScheduledProcedureStepID\s'
        (Find-Line $lines '(0008,0018)') | Should -Match ('\sSOPInstanceUID\s+{0}' -f [regex]::Escape($sopUid.Substring(0, 20)))
    }

    It 'shows whole UIDs at 120 columns' {
        $lines = Get-TableLines $fields 120
        Assert-Table $lines 120 $labels
        (Find-Line $lines '(0008,0018)') | Should -Match ('\sSOPInstanceUID\s+{0}$' -f [regex]::Escape($sopUid))
    }
}

# Text hidden outside the elements does not survive Invoke-DeidReplace: a preamble holding text is written as zeros (kept with
# -KeepPreamble, for DICOM/TIFF dual-format files), and a COM segment inside a JPEG frame is cut out of the compressed bytes.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:cookie = Join-Path $SharedData 'deid-data/dicom-cookies/image1.dcm'

    function Test-BytesContain([string]$Path, [string]$Text) {
        [Text.Encoding]::ASCII.GetString([IO.File]::ReadAllBytes($Path)).Contains($Text)
    }

    # The cookie with its 128-byte preamble starting with $Text.
    $script:textPreamble = Join-Path $folder 'in/preamble.dcm'
    New-Item -ItemType Directory -Path (Join-Path $folder 'in') | Out-Null
    $bytes = [IO.File]::ReadAllBytes($cookie)
    $text = [Text.Encoding]::ASCII.GetBytes('PREAMBLE^SECRET^NAME')
    [Array]::Copy($text, 0, $bytes, 0, $text.Length)
    [IO.File]::WriteAllBytes($textPreamble, $bytes)

    # The cookie with a COM segment holding a marker right after SOI of its one JPEG frame.
    $script:injected = Join-Path $folder 'in/comment.dcm'
    $file = [Deid.Dicom.DicomFile]::Open($cookie)
    $pixels = [Deid.Dicom.EncapsulatedPixelData]::Open($file.Dataset)
    try { $frame = $pixels.ReadFrame(0) } finally { $pixels.Dispose() }
    $comment = [Text.Encoding]::ASCII.GetBytes('COMMENT^SECRET^NAME')
    $segment = [byte[]](0xFF, 0xFE, 0, ($comment.Length + 2)) + $comment
    $newFrame = [byte[]]([byte[]](0xFF, 0xD8) + $segment + $frame[2..($frame.Length - 1)])
    # Span parameters cannot be called from PowerShell; the in-memory builder takes ReadOnlyMemory.
    $frames = [Collections.Generic.List[ReadOnlyMemory[byte]]]::new()
    $frames.Add([ReadOnlyMemory[byte]]::new($newFrame))
    [Deid.Dicom.EncapsulatedPixelDataBuilder]::SetPixelData($file.Dataset, [Deid.Dicom.EncapsulatedPixelDataBuilder]::CreateFragments($frames, $true))
    $file.Save($injected)
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-DeidReplace and hidden text' {
    It 'writes a preamble holding text as zeros' {
        Test-BytesContain $textPreamble 'PREAMBLE^SECRET^NAME' | Should -BeTrue
        $out = Join-Path $folder 'zeroed'
        $result = Invoke-DeidReplace -LiteralPath $textPreamble -Recipe dicom -OutputFolder $out -PassThru
        $output = Join-Path $out 'preamble.dcm'
        Test-BytesContain $output 'PREAMBLE^SECRET^NAME' | Should -BeFalse
        [IO.File]::ReadAllBytes($output)[0..127] | Where-Object { $_ -ne 0 } | Should -BeNullOrEmpty
        ($result.Steps | Where-Object Step -EQ 'Preamble').Cleared | Should -BeTrue
    }

    It 'keeps the preamble with -KeepPreamble' {
        $out = Join-Path $folder 'kept'
        Invoke-DeidReplace -LiteralPath $textPreamble -Recipe dicom -OutputFolder $out -KeepPreamble
        Test-BytesContain (Join-Path $out 'preamble.dcm') 'PREAMBLE^SECRET^NAME' | Should -BeTrue
    }

    It 'cuts a COM segment out of a JPEG frame' {
        Test-BytesContain $injected 'COMMENT^SECRET^NAME' | Should -BeTrue
        $out = Join-Path $folder 'comment'
        $result = Invoke-DeidReplace -LiteralPath $injected -Recipe dicom -OutputFolder $out -PassThru
        Test-BytesContain (Join-Path $out 'comment.dcm') 'COMMENT^SECRET^NAME' | Should -BeFalse
        ($result.Steps | Where-Object Step -EQ 'JpegText').SegmentsRemoved | Should -Be 1
    }
}

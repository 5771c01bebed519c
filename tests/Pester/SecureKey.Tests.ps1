# Issue 11, item 15: -Key of Invoke-DeidReplace takes a SecureString as well as text, and the key never shows: not in verbose
# or debug output, not in error messages (error records go to logs and transcripts). The key is always passed in a variable
# here, as the help advises: a literal typed on the command line is the user's own text, quoted by PowerShell's error view.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:inputs = New-DicomSample -Path (Join-Path $folder 'in') -Count 2 -InstancesPerSeries 2 -Seed 15
    $script:keyText = 'Zq7-uid-key-Hx93'
    $script:secureKey = ConvertTo-SecureString $keyText -AsPlainText -Force

    function Out-Folder([string]$Name) { Join-Path $script:folder $Name }

    function Get-Hashes([string]$Folder) {
        Get-ChildItem $Folder -Filter *.dcm | Sort-Object Name | ForEach-Object { (Get-FileHash -LiteralPath $_.FullName).Hash }
    }

    # Everything an error record can show: the default and the list views, the message chain and the target.
    function Get-ErrorText($Record) {
        $ex = $Record.Exception; $chain = while ($ex) { $ex.ToString(); $ex = $ex.InnerException }
        (($Record | Out-String), ($Record | Format-List * -Force | Out-String), ($chain -join "`n"), "$($Record.TargetObject)",
            "$($Record.ErrorDetails)", "$($Record.CategoryInfo)") -join "`n"
    }
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Invoke-DeidReplace -Key' {
    It 'takes a SecureString: the same UIDs as the same text, other UIDs than another key' {
        $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'secure') -Key $secureKey -WarningAction SilentlyContinue
        $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'text') -Key $keyText -WarningAction SilentlyContinue
        $other = ConvertTo-SecureString 'another key' -AsPlainText -Force
        $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'other') -Key $other -WarningAction SilentlyContinue
        $secure = @(Get-Hashes (Out-Folder 'secure'))
        $secure.Count | Should -Be 2
        Get-Hashes (Out-Folder 'text') | Should -Be $secure
        $a = Get-DicomDataset -LiteralPath (Join-Path (Out-Folder 'secure') $inputs[0].Name) -HeaderOnly
        $b = Get-DicomDataset -LiteralPath (Join-Path (Out-Folder 'other') $inputs[0].Name) -HeaderOnly
        $a.StudyInstanceUID | Should -Not -Be $b.StudyInstanceUID
    }

    It 'gives the same UIDs from a key file saved as <Encoding> (a byte order mark, a line end) as from -Key' -ForEach @(
        @{ Encoding = 'unicode' }, @{ Encoding = 'utf8BOM' }, @{ Encoding = 'bigendianunicode' }, @{ Encoding = 'utf8NoBOM' }
    ) {
        # Review 2026-12-06: Windows PowerShell 5.1's '>' and Out-File write UTF-16 with a mark, read byte for byte as the key.
        $text = Out-Folder 'text'
        if (-not (Test-Path $text)) { $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder $text -Key $keyText -WarningAction SilentlyContinue }
        $keyFile = Join-Path $folder "key-$Encoding.txt"
        $keyText | Out-File -LiteralPath $keyFile -Encoding $Encoding
        $out = Out-Folder "keyfile-$Encoding"
        $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder $out -KeyFile $keyFile -WarningAction SilentlyContinue
        Get-Hashes $out | Should -Be @(Get-Hashes $text)
    }

    It 'never writes the key into verbose, debug, warning or information output' {
        $records = $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'streams') -Key $secureKey -PassThru -Verbose -Debug *>&1
        $dry = $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'streams-dry') -Key $keyText -WhatIf -PassThru -Verbose *>&1
        $verbose = @($records; $dry) | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose.Count | Should -BeGreaterThan 0 -Because 'the check must look at real verbose output'
        foreach ($r in @($records; $dry)) {
            ($r | Out-String) | Should -Not -Match ([regex]::Escape($keyText))
        }
    }

    It 'keeps the key out of the error when -Key and -KeyFile are both given (<Case>)' -ForEach @(
        @{ Case = 'SecureString, missing key file'; Secure = $true; KeyFileExists = $false }
        @{ Case = 'text, existing key file'; Secure = $false; KeyFileExists = $true }
    ) {
        $keyFile = Join-Path $folder "key-$Secure.bin"
        if ($KeyFileExists) { [IO.File]::WriteAllBytes($keyFile, [byte[]](1..16)) }
        $key = if ($Secure) { $secureKey } else { $keyText }
        $err = $null
        try { $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder "both-$Secure") -Key $key -KeyFile $keyFile -ErrorAction Stop }
        catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.Exception.Message | Should -Match 'KeyFile'
        Get-ErrorText $err | Should -Not -Match ([regex]::Escape($keyText))
        Test-Path (Out-Folder "both-$Secure") | Should -BeFalse
    }

    It 'refuses a key held in another object by its type alone, never quoting it (<Case>)' -ForEach @(
        @{ Case = 'hashtable'; Make = { @{ key = $keyText } }; Type = 'Hashtable' }
        @{ Case = 'object'; Make = { [pscustomobject]@{ Key = $keyText } }; Type = 'PSCustomObject' }
        @{ Case = 'array'; Make = { , @($keyText, 'x') }; Type = 'Object\[\]' }
    ) {
        $value = & $Make
        $err = $null
        try { $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder "held-$Case") -Key $value } catch { $err = $_ }
        $err | Should -Not -BeNullOrEmpty
        $err.Exception.Message | Should -Match "SecureString.*$Type"
        Get-ErrorText $err | Should -Not -Match ([regex]::Escape($keyText))
        Test-Path (Out-Folder "held-$Case") | Should -BeFalse
    }

    It 'refuses an empty key instead of silently running without one (<Case>)' -ForEach @(
        @{ Case = 'empty text'; Make = { '' } }
        @{ Case = 'empty SecureString'; Make = { [securestring]::new() } }
        @{ Case = 'unset environment variable'; Make = { $env:DEID_PESTER_UNSET_KEY_VARIABLE } }
    ) {
        $value = & $Make
        { $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'empty') -Key $value } | Should -Throw '*-Key is empty*'
        Test-Path (Out-Folder 'empty') | Should -BeFalse
    }

    It 'still takes a number, as PowerShell turns it into text' {
        $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'number') -Key 20261204 -WarningAction SilentlyContinue
        $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder (Out-Folder 'number-text') -Key '20261204' -WarningAction SilentlyContinue
        Get-Hashes (Out-Folder 'number') | Should -Be @(Get-Hashes (Out-Folder 'number-text'))
    }

    It 'says in its help that a SecureString is accepted, and why to prefer it' {
        $help = (Get-Help Invoke-DeidReplace -Parameter Key).description.Text -join ' '
        $help | Should -Match 'SecureString'
        $help | Should -Match 'history'
    }
}

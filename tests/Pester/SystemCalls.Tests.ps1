BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

# What a replace asks of the file system for each file, traced by strace in a child pwsh. On small files these calls were a
# quarter of the CPU: each input was opened twice (once for the header, once to copy its pixel data), the output's folder
# was made again for every file, and .NET's move looked at the temporary file twice before renaming it.
Describe 'The system calls of a replace' {
    BeforeAll {
        $script:inputs = @(New-DicomSample -Path (Join-Path $folder 'in') -Count 6 -Modality CT -Seed 21 | ForEach-Object FullName)
        $script:out = Join-Path $folder 'out'
        $script:log = Join-Path $folder 'strace.log'
        $exe = [Environment]::ProcessPath
        $all = @(if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
        $command = "Import-Module '$ModulePath'; Get-ChildItem '$(Join-Path $folder 'in')' | Invoke-DeidReplace -Recipe dicom -OutputFolder '$out' -ThrottleLimit 2 -WarningAction SilentlyContinue | Out-Null"
        # A container without ptrace cannot trace at all: that is the machine, not the module, and is said as such below.
        $script:canTrace = $IsLinux -and [bool](Get-Command strace -ErrorAction SilentlyContinue) -and ((& strace -f -qq -o /dev/null true 2>&1 | Out-String) -notmatch 'not permitted|ptrace') -and $LASTEXITCODE -eq 0
        if (-not $canTrace) { return }
        $script:traceText = & strace -f -qq -e 'trace=open,openat,rename,renameat,renameat2,lstat,stat,newfstatat,statx,mkdir,mkdirat' -o $log $exe @all -NoProfile -NonInteractive -Command $command 2>&1 | Out-String
        $script:traceExit = $LASTEXITCODE
        $script:calls = if (Test-Path $log) { @(Get-Content $log) } else { @() }
    }

    It 'ran the replace under strace' {
        if (-not $canTrace) { Set-ItResult -Skipped -Because 'strace cannot trace processes here (Linux with ptrace allowed is needed)'; return }
        $traceExit | Should -Be 0 -Because $traceText
        @(Get-ChildItem $out -File).Count | Should -Be 6
    }

    It 'opens each input once, from reading its header to copying its pixel data' {
        if (-not $canTrace) { Set-ItResult -Skipped -Because 'strace cannot trace processes here (Linux with ptrace allowed is needed)'; return }
        foreach ($path in $inputs) {
            $opens = @($calls | Where-Object { $_ -match '\bopen(at)?\(' -and $_.Contains('"' + $path + '"') })
            $opens.Count | Should -Be 1 -Because "$path was opened $($opens.Count) times:`n$($opens -join "`n")"
        }
    }

    It 'renames each temporary file with one call and never looks it up' {
        if (-not $canTrace) { Set-ItResult -Skipped -Because 'strace cannot trace processes here (Linux with ptrace allowed is needed)'; return }
        $renames = @($calls | Where-Object { $_ -match '\brename' -and $_ -match '\.tmp"' })
        $renames.Count | Should -Be 6 -Because ($renames -join "`n")
        $renames | ForEach-Object { $_ | Should -Match 'renameat2\(.*RENAME_NOREPLACE' }
        $lookups = @($calls | Where-Object { $_ -match '\b(l?stat|newfstatat|statx)\(' -and $_ -match '\.tmp"' })
        $lookups | Should -BeNullOrEmpty
    }

    It 'makes the output folder once per thread at most, not once per file' {
        if (-not $canTrace) { Set-ItResult -Skipped -Because 'strace cannot trace processes here (Linux with ptrace allowed is needed)'; return }
        # The cmdlet makes it before the batch starts; each of the two workers may ask once more before it knows.
        $mkdirs = @($calls | Where-Object { $_ -match '\bmkdir(at)?\(' -and $_.Contains('"' + $out + '"') })
        $mkdirs.Count | Should -BeLessOrEqual 3 -Because ($mkdirs -join "`n")
        $mkdirs.Count | Should -BeGreaterOrEqual 1
    }
}

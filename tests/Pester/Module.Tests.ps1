BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:moduleDir = Split-Path (Resolve-Path $ModulePath).Path
    $script:precompiledExpected = $IsLinux -and [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture -eq 'X64'
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The engine assemblies PowerShell 7 loads' {
    It 'are the precompiled (ReadyToRun) copies on linux-x64, one of each even after a second import' {
        if (-not $precompiledExpected) { Set-ItResult -Skipped -Because 'the build precompiles for linux-x64 only'; return }
        Test-Path (Join-Path $moduleDir 'ReadyToRun/linux-x64/Deid.Dicom.dll') | Should -BeTrue
        Import-Module $ModulePath -Force
        foreach ($name in 'Deid.Dicom', 'Deid') {
            $loaded = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $name })
            $loaded.Count | Should -Be 1
            $loaded[0].Location | Should -BeLike (Join-Path $moduleDir "ReadyToRun/linux-x64/$name.dll")
        }
    }

    It 'are the precompiled copies in fresh processes too, however early the runtime asks for them' {
        if (-not $precompiledExpected) { Set-ItResult -Skipped -Because 'the build precompiles for linux-x64 only'; return }
        # The runtime's own background threads may ask for an engine assembly while the import is still under way (in about
        # two fresh imports of five they did, and the whole session ran on the JIT): such a request goes through the module's
        # resolver, which must give the precompiled copy. Asked directly here, before any import, so the answer does not
        # depend on timing.
        $script = "Add-Type -Path '$moduleDir/Deid.PowerShell.dll'; " +
            "`$resolve = [Deid.PowerShell.ModuleInitializer].GetMethod('Resolve', [Reflection.BindingFlags]'NonPublic,Static'); " +
            "foreach (`$n in 'Deid.Dicom', 'Deid') { `$resolve.Invoke(`$null, @(`$null, [ResolveEventArgs]::new(`"`$n, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null`"))).Location }"
        $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        $child.ExitCode | Should -Be 0 -Because $child.Text
        $child.Text.Trim() -split "`n" | Should -Be @((Join-Path $moduleDir 'ReadyToRun/linux-x64/Deid.Dicom.dll'), (Join-Path $moduleDir 'ReadyToRun/linux-x64/Deid.dll'))
        # And end to end: fresh imports, each followed by a small run, all on the precompiled copies.
        $in = New-DicomSample -Path (Join-Path $folder 'fresh-in') -Count 2 -Modality CT -Seed 4
        foreach ($i in 1..3) {
            $out = Join-Path $folder "fresh-out-$i"
            $script = "Import-Module '$ModulePath'; Get-ChildItem '$(Join-Path $folder 'fresh-in')' | Invoke-DeidReplace -Recipe dicom -OutputFolder '$out' -WarningAction SilentlyContinue; " +
                "[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Deid.Dicom', 'Deid' } | ForEach-Object Location"
            $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
            $child.ExitCode | Should -Be 0 -Because $child.Text
            @($child.Text.Trim() -split "`n" | Sort-Object) | Should -Be @((Join-Path $moduleDir 'ReadyToRun/linux-x64/Deid.Dicom.dll'), (Join-Path $moduleDir 'ReadyToRun/linux-x64/Deid.dll')) -Because "fresh import $i"
            @(Get-ChildItem $out -File).Count | Should -Be $in.Count
        }
    }

    It 'do not bring OpenSSL or the deflate library into a replace that needs neither' {
        if (-not $IsLinux) { Set-ItResult -Skipped -Because 'the check reads /proc/self/maps'; return }
        # Hashing UIDs (keyed and not) is our own SHA-2: System.Security.Cryptography would load libcrypto and libssl, some
        # 5 MB of a batch's peak memory. A file that is not deflated never loads System.IO.Compression.
        New-DicomSample -Path (Join-Path $folder 'lean-in') -Count 2 -Modality MR -Seed 8 | Out-Null
        $script = "`$before = @(Get-Content /proc/self/maps | Select-String 'libcrypto|libssl|OpenSsl').Count; " +
            "Import-Module '$ModulePath'; " +
            "Get-ChildItem '$(Join-Path $folder 'lean-in')' | Invoke-DeidReplace -Recipe dicom -OutputFolder '$(Join-Path $folder 'lean-out')' -WarningAction SilentlyContinue; " +
            "Get-ChildItem '$(Join-Path $folder 'lean-in')' | Invoke-DeidReplace -Recipe dicom -Key 'a key for this test' -OutputFolder '$(Join-Path $folder 'lean-keyed')' -WarningAction SilentlyContinue; " +
            "`$after = @(Get-Content /proc/self/maps | Select-String 'libcrypto|libssl|OpenSsl').Count; " +
            "`$compression = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'System.IO.Compression' }).Count; " +
            "`"`$before `$after `$compression`""
        # A cache folder of its own: pwsh replays the methods earlier runs compiled (its startup profile, kept in the user's
        # cache folder) on a background thread, and a profile recorded by a run that read a deflated file loads
        # System.IO.Compression whatever this run does.
        $cache = $env:XDG_CACHE_HOME
        $env:XDG_CACHE_HOME = Join-Path $folder 'lean-cache'
        try {
            $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        }
        finally {
            $env:XDG_CACHE_HOME = $cache
        }
        $child.ExitCode | Should -Be 0 -Because $child.Text
        $before, $after, $compression = $child.Text.Trim() -split ' '
        $after | Should -Be $before -Because 'OpenSSL mapped by the replace'
        $compression | Should -Be '0'
        @(Get-ChildItem (Join-Path $folder 'lean-keyed') -File).Count | Should -Be 2
    }

    It 'leave Microsoft.PowerShell.Utility unloaded by the import, and name the sequence items'' adapter with the first item' {
        # The items' adapter is named by Update-TypeData, a Utility command: named at import, it loaded that module into every
        # session, a tenth of a second of each Import-Module. A runspace names it when it makes its first item instead.
        New-DicomSample -Path (Join-Path $folder 'adapter-in') -Count 1 -Modality CT -Seed 5 | Out-Null
        # Nor does a replace load the items' assembly (Deid.PowerShell.Json): no item can be among its inputs before one is made.
        $script = "Import-Module '$ModulePath'; `$u1 = [bool](Get-Module Microsoft.PowerShell.Utility); " +
            "Get-ChildItem '$(Join-Path $folder 'adapter-in')' | Invoke-DeidReplace -Recipe dicom -OutputFolder '$(Join-Path $folder 'adapter-out')' -WarningAction SilentlyContinue; " +
            "`$json = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Deid.PowerShell.Json' }).Count; " +
            "`$ds = Get-ChildItem '$(Join-Path $folder 'adapter-in')' | Get-DicomDataset; `$u2 = [bool](Get-Module Microsoft.PowerShell.Utility); " +
            "`$names = `$ds.RequestAttributesSequence[0].PSObject.Properties.Name; " +
            "`"`$json `$u1 `$u2 `$(`$names -contains 'ItemPath') `$(`$names -contains 'First') `$([bool](Get-TypeData 'Deid.PowerShell.DicomSequenceItem'))`""
        $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        $child.ExitCode | Should -Be 0 -Because $child.Text
        $child.Text.Trim() | Should -Be '0 False False True False True' -Because 'the items'' assembly after a replace, Utility after import, Utility after reading, the view''s ItemPath, JObject''s First, the type data'
    }

    It 'subscribe one assembly resolver per process, however many runspaces import the module and close' {
        # Each runspace of ForEach-Object -Parallel, a thread job or a service imports the module; closing one calls no OnRemove.
        # A resolver subscribed per import stayed on the process-wide event for good: 1,002 handlers after 1,000 closed runspaces.
        $script = "Import-Module '$ModulePath'; " +
            "`$field = [System.Runtime.Loader.AssemblyLoadContext].GetField('AssemblyResolve', [Reflection.BindingFlags]'NonPublic,Static'); " +
            "function Ours { `$d = `$field.GetValue(`$null); @(if (`$d) { `$d.GetInvocationList() | Where-Object { `$_.Method.DeclaringType.Assembly.GetName().Name -eq 'Deid.PowerShell' } }).Count }; " +
            "`$first = Ours; " +
            "foreach (`$i in 1..12) { `$rs = [runspacefactory]::CreateRunspace([initialsessionstate]::CreateDefault2()); `$rs.Open(); `$p = [powershell]::Create(); `$p.Runspace = `$rs; " +
            "[void]`$p.AddScript(`"Import-Module '$ModulePath'`").Invoke(); `$p.Dispose(); `$rs.Dispose() }; " +
            "`$after = Ours; Remove-Module Deid; `$removed = Ours; Import-Module '$ModulePath'; `"`$first `$after `$removed `$(Ours)`""
        $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        $child.ExitCode | Should -Be 0 -Because $child.Text
        # After 12 closed runspaces the one subscription stays; Remove-Module in this session does not take it away while the
        # other imports count (they never removed the module), and a new import adds none.
        $child.Text.Trim() | Should -Be '1 1 1 1' -Because 'first import, after 12 closed runspaces, after Remove-Module, imported again'
    }

    It 'are the plain copies when a precompiled copy is of another build than the assembly beside it' {
        if (-not $precompiledExpected) { Set-ItResult -Skipped -Because 'the build precompiles for linux-x64 only'; return }
        # The PE header's TimeDateStamp is a hash of a deterministic build's content, and the ReadyToRun compiler copies it:
        # plain assemblies whose stamps differ (rebuilt, or updated without their precompiled copies) must not be paired with
        # the old images, which would lack their newest members. Both engine assemblies then load plain. (With one of the two
        # stale, the other may load precompiled, by whichever thread asks first: each image is its own version bubble, so that
        # pairing is sound.)
        $stale = Join-Path $folder 'stale/Deid'
        New-Item -ItemType Directory -Path $stale | Out-Null
        Get-ChildItem $moduleDir | Copy-Item -Destination $stale -Recurse
        foreach ($name in 'Deid.Dicom', 'Deid') {
            $dll = Join-Path $stale "$name.dll"
            $bytes = [IO.File]::ReadAllBytes($dll)
            $pe = [BitConverter]::ToInt32($bytes, 0x3C)
            $bytes[$pe + 8] = $bytes[$pe + 8] -bxor 0x5A
            [IO.File]::WriteAllBytes($dll, $bytes)
        }
        $script = "Import-Module '$stale/Deid.psd1'; New-DicomSample -Path '$(Join-Path $folder 'stale-in')' -Count 1 -Modality CT -Seed 2 | Get-DicomIdentifier | Out-Null; " +
            "[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Deid.Dicom', 'Deid' } | ForEach-Object Location"
        $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        $child.ExitCode | Should -Be 0 -Because $child.Text
        @($child.Text.Trim() -split "`n" | Sort-Object) | Should -Be @((Join-Path $stale 'Deid.Dicom.dll'), (Join-Path $stale 'Deid.dll'))
    }

    It 'write the same bytes as the plain assemblies, which the module falls back to without the precompiled folder' {
        $plain = Join-Path $folder 'plain/Deid'
        New-Item -ItemType Directory -Path $plain | Out-Null
        Get-ChildItem $moduleDir | Where-Object Name -ne 'ReadyToRun' | Copy-Item -Destination $plain -Recurse
        $inputs = New-DicomSample -Path (Join-Path $folder 'in') -Count 3 -Modality MR -Seed 9
        $fast = Join-Path $folder 'out-precompiled'
        $inputs | Invoke-DeidReplace -Recipe dicom -OutputFolder $fast -Key 'same key' -WarningAction SilentlyContinue
        $slow = Join-Path $folder 'out-plain'
        $script = "Import-Module '$plain/Deid.psd1'; " +
            "Get-ChildItem '$(Join-Path $folder 'in')' | Invoke-DeidReplace -Recipe dicom -OutputFolder '$slow' -Key 'same key' -WarningAction SilentlyContinue; " +
            "[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Deid.Dicom' } | ForEach-Object Location"
        $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
        $child.ExitCode | Should -Be 0 -Because $child.Text
        $child.Text.Trim() | Should -Be (Join-Path $plain 'Deid.Dicom.dll')
        foreach ($f in $inputs) {
            (Get-FileHash (Join-Path $slow $f.Name)).Hash | Should -Be (Get-FileHash (Join-Path $fast $f.Name)).Hash
        }
    }
}

Describe "The commands' warm-up (their per-element code compiled while PowerShell binds them)" {
    It 'runs to its end in a fresh process, on threads of their own, and changes nothing a command writes' {
        $in = Join-Path $folder 'warm-in'
        $inputs = New-DicomSample -Path $in -Count 3 -Modality US -Seed 12
        $flags = [Reflection.BindingFlags]'NonPublic,Static'
        # Fresh processes: a warm-up runs once a process, and this one's ran long ago. In each, the first command of each
        # kind is the one warmed; in the second the warm-ups are kept from starting (marked as started beforehand).
        $outputs = @{}
        foreach ($kind in 'warm', 'cold') {
            $out = Join-Path $folder "$kind-out"
            $keep = if ($kind -eq 'cold') { "foreach (`$f in '_replace', '_identifiers', '_filters') { [Deid.Batch.CommandWarmUp].GetField(`$f, [Reflection.BindingFlags]'$flags').SetValue(`$null, 1) }; " } else { '' }
            $script = "Import-Module '$ModulePath'; $keep" +
                "Get-ChildItem '$in' | Invoke-DeidReplace -Recipe dicom -OutputFolder '$out' -Key 'warm key' -WarningAction SilentlyContinue; " +
                "Get-ChildItem '$in' | Get-DicomIdentifier | ConvertTo-Json -Depth 3 -Compress -WarningAction SilentlyContinue | Set-Content '$out.ids.json'; " +
                "Get-ChildItem '$in' | Test-DicomBurnedPixel -Recipe dicom.ultrasound | ConvertTo-Json -Depth 4 -Compress -WarningAction SilentlyContinue | Set-Content '$out.burned.json'; " +
                "foreach (`$p in 'ReplaceRun', 'IdentifiersRun', 'FiltersRun') { `$run = [Deid.Batch.CommandWarmUp].GetProperty(`$p, [Reflection.BindingFlags]'$flags').GetValue(`$null); " +
                "if (`$null -eq `$run) { 'none' } else { `$thread = `$run.GetType().GetProperty('Thread', [Reflection.BindingFlags]'NonPublic,Instance').GetValue(`$run); `$null = `$thread.Join(60000); " +
                "`"`$(`$thread.Name) `$(`$run.GetType().GetProperty('Completed', [Reflection.BindingFlags]'NonPublic,Instance').GetValue(`$run))`" } }"
            $child = Invoke-ChildPowerShell @('-NoProfile', '-NonInteractive', '-Command', $script)
            $child.ExitCode | Should -Be 0 -Because $child.Text
            $expected = if ($kind -eq 'warm') { @('Deid warm-up True') * 3 } else { @('none') * 3 }
            @($child.Text.Trim() -split "`n") | Should -Be $expected
            $outputs[$kind] = $out
        }
        foreach ($f in $inputs) {
            (Get-FileHash (Join-Path $outputs.cold $f.Name)).Hash | Should -Be (Get-FileHash (Join-Path $outputs.warm $f.Name)).Hash
        }
        foreach ($suffix in '.ids.json', '.burned.json') {
            Get-Content "$($outputs.cold)$suffix" -Raw | Should -Be (Get-Content "$($outputs.warm)$suffix" -Raw)
        }
        (Get-Content "$($outputs.warm).ids.json" -Raw) | Should -Match 'PatientName'
    }
}

Describe 'The default views in an 80-column console' {
    BeforeAll {
        $script:viewIn = Join-Path $folder 'views-in'
        $script:viewOut = Join-Path $folder 'views-out'
        $script:viewFiles = New-DicomSample -Path $viewIn -Count 3 -Modality CT -Seed 5
        $script:viewResults = @(Invoke-DeidReplace -Path $viewFiles.FullName -Recipe dicom -OutputFolder $viewOut -PassThru -WarningAction SilentlyContinue)
        # What an 80-column console host writes: 79 columns (it leaves the last one empty).
        function Get-HeaderLine($objects) {
            $lines = @(($objects | Out-String -Width 79) -split "`r?`n")
            $dashes = [array]::FindIndex($lines, [Predicate[string]] { param($l) $l -match '^-{2,}' })
            $dashes | Should -BeGreaterThan 0
            # A header wrapped onto a second line puts two non-empty lines above the dashes.
            if ($dashes -gt 1) { $lines[$dashes - 2].Trim() | Should -BeNullOrEmpty -Because "the header of $($objects[0].GetType().Name) wrapped: $($lines[$dashes - 2]) / $($lines[$dashes - 1])" }
            $lines[$dashes - 1]
        }
    }

    It 'shows whole column headers for <name>' -ForEach @(
        @{ name = 'Get-DicomIdentifier'; make = { Get-DicomIdentifier -LiteralPath $viewFiles.FullName }; first = 'File', 'PatientID', 'PatientName', 'BirthDate', 'Accession' }
        @{ name = 'identifier fields'; make = { @((Get-DicomIdentifier -LiteralPath $viewFiles[0].FullName).Fields.Values)[0..2] }; first = 'Path', 'VR', 'Keyword', 'Value' }
        @{ name = 'Invoke-DeidReplace -PassThru'; make = { $viewResults }; first = 'Source', 'Added', 'Replaced', 'Removed', 'Blanked', 'Jittered' }
        @{ name = 'Get-DeidRecipe'; make = { Get-DeidRecipe -Name dicom }; first = 'Format', 'Header', 'Filters', 'Values', 'Fields', 'Sources' }
        @{ name = 'Get-DeidAction'; make = { Get-DeidAction -Recipe dicom -Field *Date }; first = 'Action', 'Field', 'Keyword', 'Value' }
        @{ name = 'Test-DicomBurnedPixel'; make = { Test-DicomBurnedPixel -LiteralPath $viewFiles.FullName -Recipe dicom }; first = 'File', 'Flagged', 'Group', 'Regions', 'Label' }
        @{ name = 'Test-DeidOutput'; make = { $viewResults | Test-DeidOutput -Recipe dicom }; first = 'Output', 'Leaked', 'Leaks', 'Searched' }
        @{ name = 'Split-DeidWork'; make = { Split-DeidWork -LiteralPath $viewFiles.FullName -ShardCount 2 }; first = 'Path', 'Shard', 'ShardCount', 'StudyInstanceUID' }
        @{ name = 'Compare-DicomDataset'; make = { Compare-DicomDataset $viewFiles[0].FullName $viewResults[0].OutputPath }; first = 'Kind', 'Element', 'VR', 'Before', 'After' }
        @{ name = 'Clear-DicomPixel -PassThru'; make = { Clear-DicomPixel -LiteralPath $viewFiles.FullName -Recipe dicom -OutputFolder (Join-Path $folder 'views-clear') -PassThru -WarningAction SilentlyContinue }; first = 'Source', 'Flagged', 'Frames', 'Written', 'Regions', 'Outputs' }
    ) {
        $header = Get-HeaderLine @(& $make)
        $words = @($header -split '\s+' | Where-Object { $_ })
        $words[0..($first.Count - 1)] | Should -Be $first
    }

    It 'leaves a burned-pixel row''s label room to say why (<width> columns)' -ForEach @(@{ width = 79; shown = 'Ultrasound wit' }, @{ width = 119; shown = 'Ultrasound with' }) {
        $us = New-DicomSample -Path (Join-Path $folder "views-us-$width") -Count 1 -Modality US -Seed 4
        $text = $us | Test-DicomBurnedPixel -Recipe dicom.ultrasound | Out-String -Width $width
        $text | Should -Match "True\s+blacklist\s+1 $shown"
    }

    It 'wraps the recipe''s filter groups between words, not inside them' {
        $text = (Get-DeidRecipe -Name dicom | Out-String -Width 79)
        $text | Should -Match 'whitelist \(1\), graylist \(\d+\),'
        $text | Should -Match '\s+blacklist \(\d+\)'
    }
}

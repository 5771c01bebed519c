# Issue 14: a sharded run over PowerShell remoting — Invoke-Command -HostName over SSH, key authentication — writes byte for byte
# what one local run writes. The test starts its own sshd on a loopback port (its own host key, authorized keys and PowerShell
# subsystem in a temporary folder; nothing of the user's ~/.ssh is read or changed) and stops it afterwards. .ci/run installs
# openssh-server and openssh-client.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $sshd = @((Get-Command sshd -ErrorAction SilentlyContinue).Source, '/usr/sbin/sshd') | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
    if (-not $sshd) { throw 'sshd is not installed (apt-get install openssh-server); .ci/run installs it.' }
    $ssh = Join-Path $folder 'ssh'
    New-Item -ItemType Directory -Path $ssh | Out-Null
    foreach ($k in 'host_key', 'client_key') { & ssh-keygen -q -t ed25519 -N '' -f (Join-Path $ssh $k) }
    Copy-Item (Join-Path $ssh 'client_key.pub') (Join-Path $ssh 'authorized_keys')
    # The PowerShell subsystem: this very PowerShell (under `dotnet pwsh`, dotnet and pwsh.dll), in server mode.
    $exe = [Environment]::ProcessPath
    $start = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { "'$exe' '$(Join-Path $PSHOME 'pwsh.dll')'" } else { "'$exe'" }
    $subsystem = Join-Path $ssh 'pwsh-subsystem.sh'
    "#!/bin/sh`nexec $start -sshs -NoLogo -NoProfile`n" | Set-Content -LiteralPath $subsystem -NoNewline
    & chmod 755 $subsystem
    $script:port = Get-Random -Minimum 20000 -Maximum 40000
    @"
Port $port
ListenAddress 127.0.0.1
HostKey $(Join-Path $ssh 'host_key')
PidFile $(Join-Path $ssh 'sshd.pid')
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AuthorizedKeysFile $(Join-Path $ssh 'authorized_keys')
StrictModes no
Subsystem powershell $subsystem
"@ | Set-Content -LiteralPath (Join-Path $ssh 'sshd_config')
    New-Item -ItemType Directory -Force -Path /run/sshd -ErrorAction SilentlyContinue | Out-Null
    & $sshd -f (Join-Path $ssh 'sshd_config') -E (Join-Path $ssh 'sshd.log')
    $deadline = (Get-Date).AddSeconds(10)
    while (-not (Test-Path (Join-Path $ssh 'sshd.pid')) -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
    $script:remote = @{
        HostName    = '127.0.0.1'
        Port        = $port
        UserName    = [Environment]::UserName
        KeyFilePath = (Join-Path $ssh 'client_key')
        Options     = @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
    }

    $script:in = Join-Path $folder 'in'
    $null = New-DicomSample -Path $in -Count 9 -InstancesPerSeries 3 -Seed 31
    $script:keyFile = Join-Path $folder 'site.key'
    [IO.File]::WriteAllBytes($keyFile, [byte[]](1..32))
    $script:whole = Join-Path $folder 'whole'
    Get-ChildItem $in -Filter *.dcm | Invoke-DeidReplace -Recipe dicom -KeyFile $keyFile -OutputFolder $whole -WarningAction SilentlyContinue
}

AfterAll {
    $pidFile = Join-Path $folder 'ssh/sshd.pid'
    if (Test-Path $pidFile) { Stop-Process -Id ([int](Get-Content $pidFile)) -ErrorAction SilentlyContinue }
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'A sharded run over SSH remoting' {
    It 'reaches this machine through sshd and the PowerShell subsystem' {
        $log = Join-Path $folder 'ssh/sshd.log'
        Invoke-Command @remote -ScriptBlock { $PSVersionTable.PSEdition } | Should -Be 'Core' -Because (Get-Content $log -Raw -ErrorAction SilentlyContinue)
    }

    It 'writes the same bytes as one local run, each shard on its own remote session' {
        $out = Join-Path $folder 'remote'
        foreach ($shard in 0, 1) {
            Invoke-Command @remote -ArgumentList $ModulePath, $in, $keyFile, $out, $shard -ScriptBlock {
                param($module, $source, $key, $output, $shard)
                Import-Module $module
                Get-ChildItem $source -Filter *.dcm | Split-DeidWork -ShardCount 2 -Shard $shard |
                    Invoke-DeidReplace -Recipe dicom -KeyFile $key -OutputFolder $output -WarningAction SilentlyContinue
            }
        }
        $expected = Get-ChildItem $whole -Filter *.dcm
        (Get-ChildItem $out -Filter *.dcm).Count | Should -Be $expected.Count
        foreach ($f in $expected) {
            (Get-FileHash -LiteralPath (Join-Path $out $f.Name)).Hash | Should -Be (Get-FileHash -LiteralPath $f.FullName).Hash -Because "$($f.Name) must be the same bytes"
        }
    }
}

# Shared by every Pester file: import the built module (build.ps1 sets DEID_MODULE_PATH) and find test data.
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$script:ModulePath = if ($env:DEID_MODULE_PATH) { $env:DEID_MODULE_PATH } else { Join-Path $script:RepoRoot 'out/Deid/Deid.psd1' }
$script:SharedData = Join-Path $script:RepoRoot '../shared/data'
Import-Module $script:ModulePath -Force

function New-TestFolder {
    $p = Join-Path ([IO.Path]::GetTempPath()) ("deid-pester-" + [guid]::NewGuid().ToString('N').Substring(0, 10))
    New-Item -ItemType Directory -Path $p | Out-Null
    $p
}

# Runs PowerShell arguments in a new process of the same PowerShell as this one (under `dotnet pwsh` that is dotnet plus
# pwsh.dll); returns the exit code and the output as one text.
function Invoke-ChildPowerShell([string[]]$Arguments) {
    $exe = [Environment]::ProcessPath
    $all = if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) + $Arguments } else { $Arguments }
    $output = & $exe @all 2>&1 | ForEach-Object { "$_" }
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Text = ($output -join "`n") }
}

# The warnings a test is about: without Invoke-DeidReplace's once-a-batch notice that a file declaring burned-in annotation
# (as New-DicomSample's files with text in their pixels do) was copied without -CleanPixels.
function Get-OtherWarning($Warnings) { @($Warnings | Where-Object { "$_" -notmatch 'declares burned-in annotation' }) }

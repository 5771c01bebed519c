#requires -Version 7.0
<#
.SYNOPSIS
    Packs a laid-out module folder (out/Deid) into a versioned .nupkg with PSResourceGet, offline.
.DESCRIPTION
    The package is what `Publish-PSResource` writes to a NuGet repository, so it installs with `Install-PSResource` or
    `Save-PSResource` from any repository it is copied into: a folder, a file share (UNC path) or a NuGet feed. It holds every
    file `build.ps1 Build` laid out (manifest, assemblies and their ReadyToRun copies, formats, types, help, recipes) and is
    named after the manifest: Deid.<ModuleVersion>.nupkg.

    PSResourceGet (Microsoft.PowerShell.PSResourceGet, in the box since PowerShell 7.4) only publishes to a registered
    repository, so the script registers a temporary folder repository under a unique name, publishes into it, and
    unregisters it even when publishing fails: the user's repository list (a file in their profile) is left as it was.
    Nothing goes over the network.

    Used by `build.ps1 Package` and by tests/Pester/Package.Tests.ps1, so the test checks the package the build writes.
.PARAMETER ModuleFolder
    The laid-out module (default: out/Deid; run `dotnet pwsh ./build.ps1 Build` first).
.PARAMETER Destination
    The folder the .nupkg is written into (default: out/packages; created when missing). A package of the same version
    already there is replaced.
.OUTPUTS
    System.IO.FileInfo: the .nupkg.
.EXAMPLE
    dotnet pwsh ./build.ps1 Package
.EXAMPLE
    dotnet pwsh ./tools/Publish-Package.ps1 -ModuleFolder ./out/Deid -Destination ./out/packages
#>
[CmdletBinding()]
[OutputType([System.IO.FileInfo])]
param(
    [string]$ModuleFolder = (Join-Path $PSScriptRoot '../out/Deid'),
    [string]$Destination = (Join-Path $PSScriptRoot '../out/packages')
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$ModuleFolder = (Resolve-Path -LiteralPath $ModuleFolder).Path
$name = Split-Path $ModuleFolder -Leaf
$manifest = Join-Path $ModuleFolder "$name.psd1"
if (-not (Test-Path -LiteralPath $manifest)) { throw "No module manifest '$manifest': build the module first (dotnet pwsh ./build.ps1 Build)." }
$version = [version](Import-PowerShellDataFile -LiteralPath $manifest).ModuleVersion
Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop -Verbose:$false

$token = [guid]::NewGuid().ToString('N').Substring(0, 12)
$staging = Join-Path ([IO.Path]::GetTempPath()) "deid-package-$token"
$repository = "DeidPackage-$token"
New-Item -ItemType Directory -Path $staging | Out-Null
try {
    Register-PSResourceRepository -Name $repository -Uri $staging -Trusted
    try {
        Publish-PSResource -Path $ModuleFolder -Repository $repository
    }
    finally {
        Unregister-PSResourceRepository -Name $repository
    }
    # NuGet names the package <id>.<normalised version>: 0.1.0 stays 0.1.0, 1.0 becomes 1.0.0.
    $normalised = '{0}.{1}.{2}' -f $version.Major, $version.Minor, [Math]::Max($version.Build, 0)
    if ($version.Revision -gt 0) { $normalised += ".$($version.Revision)" }
    $package = Join-Path $staging "$name.$normalised.nupkg"
    if (-not (Test-Path -LiteralPath $package)) {
        throw "Publish-PSResource did not write $name.$normalised.nupkg (found: $((Get-ChildItem $staging).Name -join ', '))."
    }
    New-Item -ItemType Directory -Path $Destination -Force | Out-Null
    $target = Join-Path (Resolve-Path -LiteralPath $Destination).Path (Split-Path $package -Leaf)
    Move-Item -LiteralPath $package -Destination $target -Force
    Get-Item -LiteralPath $target
}
finally {
    Remove-Item -LiteralPath $staging -Recurse -Force -ErrorAction SilentlyContinue
}

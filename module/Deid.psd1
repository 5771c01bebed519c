@{
    RootModule           = 'Deid.PowerShell.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0f8f6e-2f4b-4c61-9a57-0d3c6f1e8a42'
    Author               = 'Deid.PowerShell contributors'
    CompanyName          = 'Deid.PowerShell'
    Copyright            = '(c) Deid.PowerShell contributors. MIT License.'
    Description          = 'DICOM de-identification with deid recipes: read and browse DICOM, extract identifiers, edit them in PowerShell, and write de-identified copies. Its own pure-managed DICOM codec; no native dependencies.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    # Where Update-Help looks for newer help (a HelpInfo.xml and the help cab files). A placeholder until the project has a
    # public home: no URL to the project exists yet (README, manifest), so this follows the name the package would publish under.
    HelpInfoURI          = 'https://github.com/deid-powershell/Deid.PowerShell/releases/latest/download/'
    FormatsToProcess     = @('Deid.Format.ps1xml', 'Deid.Recipes.Format.ps1xml')
    TypesToProcess       = @('Deid.Types.ps1xml')
    CmdletsToExport      = @(
        'Get-DicomDataset'
        'Compare-DicomDataset'
        'Split-DeidWork'
        'Merge-DeidCrosswalk'
        'New-DicomSample'
        'Get-DeidRecipe'
        'Get-DeidAction'
        'Get-DeidFilter'
        'Export-DeidRecipe'
        'Get-DicomIdentifier'
        'Invoke-DeidReplace'
        'Test-DicomBurnedPixel'
        'Clear-DicomPixel'
        'Test-DeidOutput'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @('Get-DicomIdentifiers')
    PrivateData          = @{
        PSData = @{
            Tags       = @('DICOM', 'deidentification', 'anonymization', 'medical-imaging', 'PHI')
            LicenseUri = 'https://opensource.org/licenses/MIT'
            # Placeholder, as HelpInfoURI above: shown by Find-PSResource/Get-InstalledPSResource and on gallery pages.
            ProjectUri = 'https://github.com/deid-powershell/Deid.PowerShell'
        }
    }
}

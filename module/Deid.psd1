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
    FormatsToProcess     = @('Deid.Format.ps1xml', 'Deid.Recipes.Format.ps1xml')
    TypesToProcess       = @('Deid.Types.ps1xml')
    CmdletsToExport      = @(
        'Get-DicomDataset'
        'Compare-DicomDataset'
        'Split-DeidWork'
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
        }
    }
}

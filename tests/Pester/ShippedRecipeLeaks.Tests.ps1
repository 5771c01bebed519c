# The goal of issue #10: the shipped recipes leave nothing identifying. Every -PhiMarkers sample (markers in every text, date,
# time, UID and name, nested, private, in the file meta and the preamble) goes through Invoke-DeidReplace with each shipped
# dicom recipe and the Basic Profile with each option; Test-DeidOutput, told the recipe (what it KEEPs is not a leak), must
# find no marker. The failure message lists each survivor: element path, keyword, VR and where it was found.

BeforeDiscovery {
    $script:recipes = @('dicom', 'dicom.basic-profile') + @(
        'clean-descriptors', 'clean-graphics', 'clean-structured-content', 'retain-device-identity', 'retain-institution-identity',
        'retain-long-full-dates', 'retain-long-modified-dates', 'retain-patient-characteristics', 'retain-safe-private', 'retain-uids'
    ).ForEach({ "dicom.basic-profile.$_" })
    $script:cases = foreach ($r in $recipes) { foreach ($m in 'CT', 'US') { @{ Recipe = $r; Modality = $m } } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'The shipped recipes on -PhiMarkers samples' {
    It '<Recipe> leaves no marker of a <Modality> sample' -ForEach $cases {
        $in = Join-Path $folder "in-$Modality"
        $sample = if (Test-Path $in) { Get-Item (Join-Path $in "$Modality-0001.dcm") } else { New-DicomSample -Path $in -Modality $Modality -PhiMarkers -Seed 10 }
        $out = Join-Path $folder "$Recipe-$Modality"
        # The modified-dates option shifts by a variable the user gives per patient (as deid, a date is left when it is missing).
        $vars = if ($Recipe -like '*retain-long-modified-dates') { @{ date_shift_days = -10 } } else { @{} }
        $result = Invoke-DeidReplace -LiteralPath $sample.FullName -Recipe $Recipe -OutputFolder $out -Variables $vars -PassThru -WarningAction SilentlyContinue
        $audit = $result | Test-DeidOutput -Recipe $Recipe
        $survivors = $audit.Leaks | ForEach-Object { "$($_.ElementPath) $($_.Keyword) $($_.VR) '$($_.Form)' $($_.Location)" }
        $survivors | Should -BeNullOrEmpty -Because "$Recipe must remove or replace every marker"
    }

    It 'retain-long-modified-dates without date_shift_days does not succeed, and says which variable is missing' {
        $in = Join-Path $folder 'in-CT'
        $sample = if (Test-Path $in) { Get-Item (Join-Path $in 'CT-0001.dcm') } else { New-DicomSample -Path $in -Modality CT -PhiMarkers -Seed 10 }
        $result = Invoke-DeidReplace -LiteralPath $sample.FullName -Recipe dicom.basic-profile.retain-long-modified-dates -OutputFolder (Join-Path $folder 'noshift') -PassThru -WarningVariable w -WarningAction SilentlyContinue
        $result.Succeeded | Should -BeFalse
        ($w -join "`n") | Should -Match 'date_shift_days'
    }
}

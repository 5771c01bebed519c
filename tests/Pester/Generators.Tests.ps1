# The checked-in generators: the shipped recipes and the safe private table are exactly what they write (nobody edited a
# generated file by hand), and an option's part file (tools/recipe-parts/option-<option>.dicom) lands in that option's recipe.

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:folder = New-TestFolder
    $script:standard = Join-Path $RepoRoot '../shared/standard'
}

AfterAll {
    Remove-Item $script:folder -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Generate-ProfileRecipes.ps1' -Skip:(-not (Test-Path (Join-Path $PSScriptRoot '../../../shared/standard'))) {
    BeforeAll {
        $script:parts = Join-Path $folder 'parts'
        Copy-Item -Recurse (Join-Path $RepoRoot 'tools/recipe-parts') $parts
        Set-Content -LiteralPath (Join-Path $parts 'option-clean-graphics.dicom') -Value "%header`n# from the option's part`nKEEP (0070,0001)"
        $script:out = Join-Path $folder 'recipes'
        $run = Invoke-ChildPowerShell @('-NoProfile', '-File', (Join-Path $RepoRoot 'tools/Generate-ProfileRecipes.ps1'), '-PartsPath', $parts, '-OutputPath', $out)
        $run.ExitCode | Should -Be 0 -Because $run.Text
    }

    It 'writes every shipped recipe byte for byte, but for the option whose part was added' {
        $shipped = Get-ChildItem (Join-Path $RepoRoot 'recipes') -Filter 'deid.*'
        $shipped.Count | Should -Be 14
        foreach ($f in $shipped | Where-Object Name -NE 'deid.dicom.basic-profile.clean-graphics') {
            (Get-FileHash (Join-Path $out $f.Name)).Hash | Should -Be (Get-FileHash $f.FullName).Hash -Because "$($f.Name) is generated"
        }
    }

    It 'appends the option part to that option''s recipe, before the ADD lines, in the header' {
        $recipe = Get-DeidRecipe -LiteralPath (Join-Path $out 'deid.dicom.basic-profile.clean-graphics') -WarningAction SilentlyContinue
        $texts = @($recipe.Header | ForEach-Object { "$_" })
        $keep = [array]::IndexOf($texts, 'KEEP (0070,0001)')
        $keep | Should -BeGreaterThan 0
        $keep | Should -BeLessThan ([array]::IndexOf($texts, 'ADD PatientIdentityRemoved YES'))
        (Get-DeidRecipe -LiteralPath (Join-Path $out 'deid.dicom.basic-profile') -WarningAction SilentlyContinue).Header | ForEach-Object { "$_" } | Should -Not -Contain 'KEEP (0070,0001)'
    }
}

Describe 'Generate-SafePrivateTable.ps1' -Skip:(-not (Test-Path (Join-Path $PSScriptRoot '../../../shared/standard'))) {
    It 'writes the checked-in table' {
        $target = Join-Path $folder 'SafePrivateAttributes.Generated.cs'
        $run = Invoke-ChildPowerShell @('-NoProfile', '-File', (Join-Path $RepoRoot 'tools/Generate-SafePrivateTable.ps1'), '-OutputPath', $target)
        $run.ExitCode | Should -Be 0 -Because $run.Text
        (Get-FileHash $target).Hash | Should -Be (Get-FileHash (Join-Path $RepoRoot 'src/Deid/Fields/SafePrivateAttributes.Generated.cs')).Hash
    }
}

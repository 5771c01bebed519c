namespace Deid.PowerShell
{
    /// <summary>
    /// Each cmdlet's progress activity id: one per cmdlet, so that cmdlets in one pipeline (Get-DicomIdentifier piped into
    /// Invoke-DeidReplace) draw two bars rather than overwrite one.
    /// </summary>
    internal static class ProgressIds
    {
        public const int NewDicomSample = 1;
        public const int InvokeDeidReplace = 2;
        public const int ClearDicomPixel = 3;
        public const int GetDicomDataset = 4;
        public const int GetDicomIdentifier = 5;
        public const int TestDicomBurnedPixel = 6;
        public const int TestDeidOutput = 7;
        public const int SplitDeidWork = 8;
    }
}

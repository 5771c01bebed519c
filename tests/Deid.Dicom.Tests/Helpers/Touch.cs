namespace Deid.Dicom.Tests.Helpers
{
    /// <summary>Calls every value accessor on every element, as a de-identification pass would; none may throw.</summary>
    public static class Touch
    {
        public static int All(DicomFile file) => All(file.FileMetaInformation) + All(file.Dataset);

        public static int All(DicomDataset top)
        {
            int n = 0;
            foreach (var (ds, e) in top.EnumerateRecursive())
            {
                _ = ds.CharacterSet;
                _ = ds.GetString(e);
                n += ds.GetStrings(e).Length;
                _ = ds.GetValue(e);
                _ = ds.GetNumbers(e.Tag);
                _ = ds.TryGetInteger(e.Tag, out _);
                _ = ds.GetPrivateCreator(e.Tag);
                _ = DicomDataset.GetEffectiveVR(e);
                _ = e.ToString();
                _ = e.Tag.ToString();
                _ = e.VR.ToString();
                if (e.Tag.IsPrivate && e.Tag.Element >= 0x1000)
                {
                    var creator = ds.GetPrivateCreator(e.Tag);
                    if (creator != null) ds.TryFindPrivateTag(e.Tag.Group, creator, (byte)e.Tag.Element, out _);
                }
            }
            return n;
        }
    }
}

using Deid.Dicom;

namespace Deid.Fields
{
    /// <summary>The codec's generated PS3.6 dictionary as the keyword list the recipe parser checks fields against.</summary>
    internal sealed class DictionaryKeywords : IKeywordLookup
    {
        public static readonly DictionaryKeywords Instance = new DictionaryKeywords();

        private DictionaryKeywords()
        {
        }

        public bool TryGetTag(string keyword, out DicomTag tag) => DicomDictionary.TryGetTag(keyword, out tag);
    }
}

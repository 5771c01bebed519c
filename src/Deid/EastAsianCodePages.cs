using System;
using System.Collections.Generic;
using System.Text;

namespace Deid
{
    /// <summary>
    /// The code pages East Asian software writes text in without a DICOM character set declaring it: Shift_JIS, EUC-JP, GBK,
    /// GB18030, EUC-KR and Big5. Vendors put names in them into private bytes; the cleaner of kept private data decodes bytes
    /// by them and the audit encodes names into them. Made once, with the code page provider registered.
    /// </summary>
    internal static class EastAsianCodePages
    {
        private static readonly Lazy<Pair[]> Pages = new Lazy<Pair[]>(Create);

        /// <summary>Each code page's encoding that refuses a character it cannot write (EncoderFallbackException).</summary>
        public static IEnumerable<Encoding> Encoders
        {
            get
            {
                foreach (var p in Pages.Value) yield return p.Encoder;
            }
        }

        /// <summary>Each code page's encoding that decodes bytes it does not map as U+FFFD, never throwing.</summary>
        public static IEnumerable<Encoding> Decoders
        {
            get
            {
                foreach (var p in Pages.Value) yield return p.Decoder;
            }
        }

        private static Pair[] Create()
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            var pages = new List<Pair>();
            foreach (int codePage in new[] { 932, 20932, 936, 54936, 51949, 950 })
            {
                try
                {
                    pages.Add(new Pair(
                        Encoding.GetEncoding(codePage, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback),
                        Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"))));
                }
                catch (Exception e) when (e is ArgumentException || e is NotSupportedException)
                {
                    // A runtime without the code page: the others still serve.
                }
            }
            return pages.ToArray();
        }

        private sealed class Pair
        {
            public Pair(Encoding encoder, Encoding decoder)
            {
                Encoder = encoder;
                Decoder = decoder;
            }

            public Encoding Encoder { get; }

            public Encoding Decoder { get; }
        }
    }
}

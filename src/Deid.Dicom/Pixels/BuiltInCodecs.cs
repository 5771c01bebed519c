using System.Collections.Generic;

namespace Deid.Dicom
{
    /// <summary>
    /// The codecs this library ships, registered in <see cref="PixelCodecRegistry.Default"/> and by
    /// <see cref="PixelCodecRegistry.CreateWithBuiltInCodecs"/>. A new codec is added here with one line, and nowhere else.
    /// </summary>
    internal static class BuiltInCodecs
    {
        /// <summary>A new instance of each built-in codec; later entries replace earlier ones for a shared transfer syntax.</summary>
        public static IEnumerable<IPixelCodec> Create()
        {
            yield return new RleCodec();
            yield return JpegCodec.Instance;
            yield return JpegLsCodec.Instance;
            yield return Jpeg2000Codec.Instance;
        }
    }
}

using System.Linq;
using System.Text;

namespace Deid.Tests.Pixels
{
    /// <summary>Builds JPEG and JPEG 2000 codestream bytes by hand for the text-stripper tests: marker segments, ASCII, joins.</summary>
    internal static class CodestreamBytes
    {
        /// <summary>A marker segment: 0xFF, the marker, the big-endian length (payload + 2), the payload.</summary>
        public static byte[] Segment(byte marker, byte[] payload)
        {
            int length = payload.Length + 2;
            return new byte[] { 0xFF, marker, (byte)(length >> 8), (byte)length }.Concat(payload).ToArray();
        }

        public static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

        public static byte[] Join(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
    }
}

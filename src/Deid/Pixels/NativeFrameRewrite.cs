using System;
using System.Buffers;
using System.Threading;
using Deid.Dicom;

namespace Deid.Pixels
{
    /// <summary>Changes one native frame in place (little endian samples, as <see cref="NativePixelData"/> reads them).</summary>
    internal delegate void FrameEdit(Span<byte> frame);

    /// <summary>
    /// Rewrites native Pixel Data frame by frame: each frame read into one pooled buffer, edited, and appended to new pixel data
    /// spooled to a temporary file (<see cref="NativePixelDataBuilder.ForReplacing"/>), which the dataset then
    /// references. One frame in memory, whatever the number of frames. Shared by pixel cleaning and the embedded-overlay step.
    /// </summary>
    internal static class NativeFrameRewrite
    {
        /// <summary>
        /// Rewrites every frame of <paramref name="pixels"/> through <paramref name="edit"/> and commits the result to
        /// <paramref name="dataset"/>. Returns the spool, to dispose once the file is written; on failure it is disposed here.
        /// </summary>
        public static NativePixelDataBuilder Rewrite(NativePixelData pixels, DicomDataset dataset, FrameEdit edit, CancellationToken cancellation = default)
        {
            var geometry = pixels.Geometry;
            int length = checked((int)geometry.FrameLength);
            var builder = NativePixelDataBuilder.ForReplacing(pixels);
            byte[] frame = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                var span = frame.AsSpan(0, length);
                for (int i = 0; i < geometry.NumberOfFrames; i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    pixels.ReadFrame(i, span);
                    edit(span);
                    builder.AppendFrame(span);
                }
                builder.Commit(dataset);
                return builder;
            }
            catch
            {
                // The caller never sees a spool when this throws: its temporary file must go now.
                builder.Dispose();
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame);
            }
        }
    }
}

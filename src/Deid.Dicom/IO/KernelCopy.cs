using System;
using System.IO;
using System.Runtime.InteropServices;

namespace Deid.Dicom
{
    /// <summary>
    /// Copies a byte range from one file to another inside the kernel (Linux <c>copy_file_range</c>), so the pixel data of a
    /// de-identified copy never passes through user space — what makes our copies as fast as <c>cp</c>. Anywhere it is not
    /// available (other systems, other file systems, streams that are not files) the caller copies through its buffer.
    /// </summary>
    internal static class KernelCopy
    {
        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        private static volatile bool _unavailable;

        /// <summary>
        /// Copies up to <paramref name="length"/> bytes at <paramref name="sourceOffset"/> of <paramref name="source"/> to the
        /// current position of <paramref name="destination"/> (which it advances); returns how many bytes it copied, 0 when the
        /// kernel path does not apply. Both streams' own buffers must have been flushed by the caller where they matter.
        /// </summary>
        public static long TryCopy(Stream source, long sourceOffset, Stream destination, long length)
        {
            if (!IsLinux || _unavailable || length <= 0) return 0;
            // A held source's view shares the handle the header was read with; the copy takes explicit offsets, so no position moves.
            var input = source is HeldFileValueSource.View view ? view.File : source as FileStream;
            if (input == null || !(destination is FileStream output) || !output.CanSeek) return 0;
            output.Flush();
            long outPos = output.Position;
            long copied = 0;
            bool inRef = false, outRef = false;
            try
            {
                input.SafeFileHandle.DangerousAddRef(ref inRef);
                output.SafeFileHandle.DangerousAddRef(ref outRef);
                int inFd = input.SafeFileHandle.DangerousGetHandle().ToInt32();
                int outFd = output.SafeFileHandle.DangerousGetHandle().ToInt32();
                long offIn = sourceOffset, offOut = outPos;
                while (copied < length)
                {
                    long chunk = Math.Min(length - copied, 1L << 30);
                    long n = CopyFileRange(inFd, ref offIn, outFd, ref offOut, (UIntPtr)(ulong)chunk, 0);
                    if (n < 0)
                    {
                        int errno = Marshal.GetLastWin32Error();
                        if (errno == 38 /* ENOSYS */) _unavailable = true;
                        break; // EXDEV, EINVAL, EOPNOTSUPP...: the caller copies the rest itself
                    }
                    if (n == 0) break; // the source ended early: the caller's own copy reports it
                    copied += n;
                }
            }
            catch (EntryPointNotFoundException)
            {
                _unavailable = true;
            }
            catch (DllNotFoundException)
            {
                _unavailable = true;
            }
            finally
            {
                if (inRef) input.SafeFileHandle.DangerousRelease();
                if (outRef) output.SafeFileHandle.DangerousRelease();
            }
            if (copied > 0) output.Position = outPos + copied;
            return copied;
        }

        [DllImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
        private static extern long CopyFileRange(int fdIn, ref long offIn, int fdOut, ref long offOut, UIntPtr length, uint flags);
    }
}

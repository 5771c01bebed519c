using System;
using Deid.Dicom;
using Deid.Steps;

namespace Deid.Pixels
{
    /// <summary>
    /// The JPEG-text step's look done while the file is written (<see cref="FileStepContext.LookWhileWriting"/>): each frame's
    /// fragments, as the writer copies them, go through a <see cref="JpegFrameScan"/>. Certain only when every frame of the
    /// mapping was seen whole and is certainly clean; otherwise <see cref="Complete"/> throws and the step's own walk decides.
    /// </summary>
    internal sealed class JpegTextOnWrite : IFragmentObserver
    {
        private readonly FrameFragments[] _frames;
        private readonly JpegFrameScan _scan;
        private int _frame;
        private bool _started;
        private bool _certain = true;

        /// <summary>A look at the frames <paramref name="frames"/> maps (by fragment), JPEG-LS when <paramref name="jpegLs"/>.</summary>
        internal JpegTextOnWrite(FrameFragments[] frames, bool jpegLs)
        {
            _frames = frames;
            _scan = new JpegFrameScan(jpegLs);
        }

        /// <inheritdoc/>
        public void Observe(int item, ReadOnlySpan<byte> bytes)
        {
            if (item == 0 || !_certain) return; // the Basic Offset Table; or already decided
            while (_frame < _frames.Length && item >= _frames[_frame].FirstItem + _frames[_frame].Count) EndFrame();
            if (_frame >= _frames.Length || item < _frames[_frame].FirstItem)
            {
                _certain = false; // a fragment outside the mapping
                return;
            }
            if (!_started)
            {
                _scan.Reset();
                _started = true;
            }
            _scan.Feed(bytes);
        }

        /// <inheritdoc/>
        public void Complete()
        {
            while (_certain && _frame < _frames.Length) EndFrame();
            if (!_certain) throw new PixelLookNotCertainException();
        }

        private void EndFrame()
        {
            // A frame never started had no bytes (an empty fragment): not a codestream the scan followed.
            if (!_started || !_scan.IsCertainlyClean) _certain = false;
            _started = false;
            _frame++;
        }
    }
}

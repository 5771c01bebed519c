using System;
using System.Collections.Generic;
using System.Management.Automation;
using Deid.Batch;

namespace Deid.PowerShell
{
    /// <summary>
    /// The reading loop of the cmdlets that give one result per file in input order (Get-DicomDataset, Get-DicomIdentifier,
    /// Test-DicomBurnedPixel): each resolved path joins a <see cref="FileWindow{T}"/>, a full window is handed on, the rest
    /// at the end, and a window still being read is stopped when the pipeline ends early. One loop, so the three hand their
    /// results on alike, and show progress alike: a headers-only read of a large archive takes minutes, an OCR read seconds a file.
    /// </summary>
    /// <typeparam name="T">What reading one file gives.</typeparam>
    internal sealed class WindowedReading<T> : IDisposable
    {
        private readonly Func<FileWindow<T>> _create;
        private readonly Action<IReadOnlyList<FileWindowResult<T>>> _write;
        private readonly PSCmdlet _cmdlet;
        private readonly ProgressMeter _progress;
        private FileWindow<T>? _window;
        private int _done;

        /// <summary>
        /// Reads with the window <paramref name="create"/> makes (on the first path), hands results to <paramref name="write"/>
        /// and shows the files done as <paramref name="cmdlet"/>'s progress (<paramref name="progressId"/>).
        /// </summary>
        public WindowedReading(Func<FileWindow<T>> create, Action<IReadOnlyList<FileWindowResult<T>>> write, PSCmdlet cmdlet, int progressId)
        {
            _create = create;
            _write = write;
            _cmdlet = cmdlet;
            _progress = new ProgressMeter(progressId, cmdlet.MyInvocation.MyCommand.Name);
        }

        /// <summary>
        /// Queues <paramref name="paths"/>, handing on each window as it fills: with <paramref name="overlap"/>, the window before
        /// while this one is read (<see cref="FileWindow{T}.Advance"/>); without, this one once read whole.
        /// </summary>
        public void Read(IEnumerable<string> paths, bool overlap = true)
        {
            foreach (var path in paths)
            {
                _window ??= _create();
                _window.Add(path);
                if (_window.IsFull) Write(overlap ? _window.Advance() : _window.Flush());
            }
        }

        /// <summary>Hands on what is left, a window at a time (EndProcessing).</summary>
        public void Finish()
        {
            if (_window == null) return;
            foreach (var results in _window.Drain()) Write(results);
            _progress.Complete(_cmdlet);
        }

        private void Write(IReadOnlyList<FileWindowResult<T>> results)
        {
            _write(results);
            if (results.Count == 0) return;
            _done += results.Count;
            _progress.Report(_cmdlet, _done, results[results.Count - 1].Path);
        }

        /// <summary>Stops a window still being read (Select-Object -First, Ctrl+C, an error).</summary>
        public void Dispose() => _window?.Dispose();
    }
}

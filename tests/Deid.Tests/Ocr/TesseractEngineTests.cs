using System;
using System.IO;
using Deid.Ocr;
using Xunit;

namespace Deid.Tests.Ocr
{
    /// <summary>How the module runs a Tesseract that misbehaves.</summary>
    public sealed class TesseractEngineTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "deid-tess-" + Guid.NewGuid().ToString("N").Substring(0, 12));

        public TesseractEngineTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        [Theory]
        [InlineData("#!/bin/sh\nexit 3\n", true, "failed (exit code 3)")]
        [InlineData("#!/bin/sh\necho 'List of available languages (1):'\necho osd\n", true, "no data for the language 'eng'")]
        [InlineData("#!/bin/sh\necho eng\n", false, "does not start")] // not executable
        public void AnUnusableTesseractIsRefusedBeforeAnyFile(string script, bool executable, string why)
        {
            if (OperatingSystem.IsWindows()) return; // shell scripts stand in for Tesseract
            // QA OCR: a Tesseract that cannot run, or lacks its language data, failed every file, one error each.
            string path = Path.Combine(_dir, "tesseract");
            File.WriteAllText(path, script);
            if (executable) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var ex = Assert.Throws<TesseractNotFoundException>(() => TesseractEngine.Locate(path).CheckUsable());
            Assert.Contains(why, ex.Message, StringComparison.Ordinal);
            Assert.Contains("cannot be used", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void TheInstalledTesseractIsUsable() => TesseractEngine.Locate().CheckUsable();

        /// <summary>
        /// QA OCR 2026-12-07: a Tesseract that exits 0 without writing anything read as a frame without text, and the file was
        /// written with what was burned into it. Tesseract writes the TSV header even for a blank page: no output is a failure.
        /// </summary>
        /// <summary>A shell script standing in for Tesseract, found as Tesseract is.</summary>
        [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
        private TesseractEngine FakeTesseract(string script)
        {
            string path = Path.Combine(_dir, "tesseract");
            File.WriteAllText(path, script);
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return TesseractEngine.Locate(path);
        }

        [Fact]
        public void ATesseractThatWritesNothing_FailsTheRead()
        {
            if (OperatingSystem.IsWindows()) return; // a shell script stands in for Tesseract
            var engine = FakeTesseract("#!/bin/sh\ncat > /dev/null\ncase \"$*\" in *--list-langs*) echo 'List of available languages (1):'; echo eng;; esac\nexit 0\n");
            engine.CheckUsable();
            var image = new TextImage(64, 32);
            var ex = Assert.Throws<InvalidOperationException>(() => engine.Read(OcrImage.From(image.ToRendered())));
            Assert.Contains("without output", ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void AProgramThatNeverReadsItsInput_TimesOut()
        {
            if (OperatingSystem.IsWindows()) return; // a shell script stands in for Tesseract
            // QA OCR, F15: the image was written before the timeout started; a program that never read it blocked the write, and
            // the command, for ever. An image larger than a pipe's buffer (64 KB on Linux) fills it.
            var engine = FakeTesseract("#!/bin/sh\nexec sleep 30\n");
            engine.Timeout = TimeSpan.FromSeconds(1);
            Assert.Throws<TimeoutException>(() => engine.Run(new byte[1 << 20]));
        }
    }
}

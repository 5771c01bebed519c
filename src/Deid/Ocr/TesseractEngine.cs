using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace Deid.Ocr
{
    /// <summary>
    /// Runs the <c>tesseract</c> executable as a process: the image goes in on standard input, TSV (words, boxes, confidences)
    /// comes back on standard output, so no temporary file ever holds the patient's pixels. A process, not a native binding,
    /// because the module must load on Windows PowerShell 5.1 and PowerShell 7 alike and Tesseract is optional.
    /// </summary>
    public sealed class TesseractEngine
    {
        private TesseractEngine(string executable) => Executable = executable;

        /// <summary>The executable run.</summary>
        public string Executable { get; }

        /// <summary>Page segmentation mode of <see cref="Read(OcrImage)"/>: 11, sparse text — burned-in annotations are scattered words.</summary>
        public int PageSegmentationMode { get; set; } = 11;

        /// <summary>Tesseract language(s).</summary>
        public string Language { get; set; } = "eng";

        /// <summary>How long one image may take before the process is killed.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>
        /// Finds Tesseract: <paramref name="explicitPath"/> when given (a file, or a folder holding it), else the PATH, else the
        /// usual Windows install folders. Throws <see cref="TesseractNotFoundException"/> naming what to install.
        /// </summary>
        public static TesseractEngine Locate(string? explicitPath = null)
        {
            string name = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "tesseract.exe" : "tesseract";
            var searched = new List<string>();
            if (!string.IsNullOrEmpty(explicitPath))
            {
                string candidate = Directory.Exists(explicitPath) ? Path.Combine(explicitPath, name) : explicitPath!;
                if (File.Exists(candidate)) return new TesseractEngine(Path.GetFullPath(candidate));
                throw new TesseractNotFoundException("-TesseractPath '" + explicitPath + "' is not an executable");
            }
            foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
            {
                if (dir.Length == 0) continue;
                string candidate = Path.Combine(dir.Trim('"'), name);
                if (File.Exists(candidate)) return new TesseractEngine(candidate);
            }
            searched.Add("PATH");
            foreach (string root in new[] { Environment.GetEnvironmentVariable("ProgramFiles"), Environment.GetEnvironmentVariable("ProgramFiles(x86)"), Environment.GetEnvironmentVariable("LOCALAPPDATA") })
            {
                if (string.IsNullOrEmpty(root)) continue;
                string candidate = Path.Combine(root, "Tesseract-OCR", name);
                searched.Add(Path.GetDirectoryName(candidate)!);
                if (File.Exists(candidate)) return new TesseractEngine(candidate);
            }
            throw new TesseractNotFoundException("searched " + string.Join(", ", searched));
        }

        /// <summary>Reads the words of an 8-bit grey image.</summary>
        public IReadOnlyList<OcrWord> Read(OcrImage image) => Read(image, PageSegmentationMode);

        /// <summary>Reads the words of an 8-bit grey image with page segmentation mode <paramref name="pageSegmentationMode"/>.</summary>
        public IReadOnlyList<OcrWord> Read(OcrImage image, int pageSegmentationMode)
        {
            if (image == null) throw new ArgumentNullException(nameof(image));
            // Read with a light border around it, the boxes moved back: text that touches the frame's edge was never read
            // (Tesseract garbles glyphs cut by the page's edge; QA OCR 2026-12-07), and burned-in annotations sit in corners.
            string tsv = Run(image.ToPgm(OcrImage.Border), pageSegmentationMode);
            // Tesseract writes the TSV header even for an image without text: no output at all is a broken run, not a clean frame.
            if (tsv.IndexOf("level", StringComparison.Ordinal) < 0)
                throw new InvalidOperationException("Tesseract exited without output (no TSV header); the frame was not read.");
            var words = TesseractTsv.Parse(tsv);
            var moved = new List<OcrWord>(words.Count);
            foreach (var w in words)
                moved.Add(new OcrWord(w.Text, w.Confidence, w.Left - OcrImage.Border, w.Top - OcrImage.Border, w.Width, w.Height, w.Block, w.Paragraph, w.Line));
            return moved;
        }

        /// <summary>Runs Tesseract on an encoded image (PNM, PNG, TIFF…) and returns its TSV output.</summary>
        public string Run(byte[] encodedImage) => Run(encodedImage, PageSegmentationMode);

        /// <summary>
        /// Runs <c>tesseract --list-langs</c> once: a program that does not start (not executable), fails, or lacks
        /// <see cref="Language"/>'s data is refused before any file is read, as a missing one is, rather than failing every file
        /// (QA OCR: "Permission denied" and "Error opening data file eng.traineddata" once per file).
        /// </summary>
        /// <exception cref="TesseractNotFoundException">It cannot be used; the message says why.</exception>
        public void CheckUsable()
        {
            Process? process;
            try
            {
                process = Process.Start(StartInfo("--list-langs", input: false));
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw TesseractNotFoundException.Unusable(Executable, "it does not start (" + ex.Message + ")");
            }
            if (process == null) throw TesseractNotFoundException.Unusable(Executable, "it does not start");
            using (process)
            {
                Task<string> output = process.StandardOutput.ReadToEndAsync();
                Task<string> error = process.StandardError.ReadToEndAsync();
                if (!Finished(process, TimeSpan.FromSeconds(10))) throw TesseractNotFoundException.Unusable(Executable, "'--list-langs' did not finish within 10 s");
                // Tesseract 4 wrote the list to standard error, 5 to standard output: both are read.
                string text = output.GetAwaiter().GetResult() + "\n" + error.GetAwaiter().GetResult();
                if (process.ExitCode != 0) throw TesseractNotFoundException.Unusable(Executable, "'--list-langs' failed (exit code " + process.ExitCode + ")");
                foreach (string line in text.Split('\n'))
                {
                    if (string.Equals(line.Trim(), Language, StringComparison.Ordinal)) return;
                }
                throw TesseractNotFoundException.Unusable(Executable, "it has no data for the language '" + Language + "' (Debian: apt-get install tesseract-ocr-" + Language + ")");
            }
        }

        private ProcessStartInfo StartInfo(string arguments, bool input) => new ProcessStartInfo(Executable, arguments)
        {
            UseShellExecute = false,
            RedirectStandardInput = input,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
        };

        // Waits at most timeout for the process, then for its redirected output to be read; kills it when it does not finish.
        private static bool Finished(Process process, TimeSpan timeout)
        {
            if (!process.WaitForExit((int)timeout.TotalMilliseconds))
            {
                try { process.Kill(); } catch (InvalidOperationException) { }
                return false;
            }
            process.WaitForExit();
            return true;
        }

        /// <summary>Runs Tesseract on an encoded image with page segmentation mode <paramref name="pageSegmentationMode"/>.</summary>
        public string Run(byte[] encodedImage, int pageSegmentationMode)
        {
            var start = StartInfo("stdin stdout --dpi 300 --psm " + pageSegmentationMode.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + " -l " + Language + " tsv", input: true);
            // One thread per Tesseract: files already run in parallel, and OpenMP inside each process would oversubscribe the cores.
            start.EnvironmentVariables["OMP_THREAD_LIMIT"] = "1";
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Tesseract did not start: " + Executable);
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            Task<string> error = process.StandardError.ReadToEndAsync();
            // The image goes in on its own task, so that the timeout counts from the start: a program that never reads its input
            // (a wrong -TesseractPath, a wrapper script that hangs) blocked the write, and the command, for ever (QA OCR, F15).
            var stdin = process.StandardInput.BaseStream;
            Task write = Task.Run(() =>
            {
                try
                {
                    stdin.Write(encodedImage, 0, encodedImage.Length);
                    stdin.Close();
                }
                catch (Exception ex) when (ex is IOException || ex is ObjectDisposedException)
                {
                    // Tesseract exited (or was stopped) before reading everything: its exit code and standard error say why.
                }
            });
            if (!Finished(process, Timeout)) throw new TimeoutException("Tesseract did not finish within " + Timeout.TotalSeconds + " s.");
            write.Wait(TimeSpan.FromSeconds(5));
            string tsv = output.GetAwaiter().GetResult();
            if (process.ExitCode != 0)
            {
                string message = error.GetAwaiter().GetResult().Trim();
                throw new InvalidOperationException("Tesseract failed (exit code " + process.ExitCode + "): " + message);
            }
            return tsv;
        }
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Deid.Dicom;
using Xunit;

namespace Deid.Tests.Samples
{
    /// <summary>Runs dciodvfy (dicom3tools, installed by CI) on a file and returns its messages, one trimmed line each.</summary>
    internal static class Dciodvfy
    {
        /// <summary>dciodvfy's lines for <paramref name="file"/>, saved to a temporary file first.</summary>
        public static string[] Verify(DicomFile file)
        {
            string path = Path.Combine(Path.GetTempPath(), "deid-validity-" + Guid.NewGuid().ToString("N") + ".dcm");
            try
            {
                file.Save(path);
                return Verify(path);
            }
            finally
            {
                File.Delete(path);
            }
        }

        /// <summary>dciodvfy's lines for the file at <paramref name="path"/>.</summary>
        public static string[] Verify(string path)
        {
            var start = new ProcessStartInfo("dciodvfy", "\"" + path + "\"") { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("dciodvfy did not start (install dicom3tools)");
            var stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(60000), "dciodvfy did not finish");
            return (stderr + "\n" + stdout.Result).Split('\n').Select(l => l.Trim()).ToArray();
        }

        /// <summary>The error lines only.</summary>
        public static string[] Errors(string[] lines) => lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToArray();
    }
}

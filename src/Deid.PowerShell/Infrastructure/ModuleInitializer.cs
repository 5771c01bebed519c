using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Deid.PowerShell
{
    /// <summary>
    /// Runs when the module is imported. Two jobs, one per edition:
    /// <list type="bullet">
    /// <item>Windows PowerShell 5.1 (.NET Framework): binds the netstandard2.0 dependencies shipped beside the module
    /// (System.Memory, System.Buffers, System.Runtime.CompilerServices.Unsafe, System.Text.Encoding.CodePages, ...) whatever
    /// version another of them asks for: a module has no app.config for binding redirects. PowerShell 7 binds its in-box
    /// copies and never asks.</item>
    /// <item>PowerShell 7 on a platform the build precompiled for (ReadyToRun/&lt;rid&gt;): loads the precompiled copies of the
    /// engine assemblies before anything binds the plain ones, so a batch does not first spend a tenth of a second in the JIT.
    /// The plain IL copies stay at the module root for every other runtime; .NET Framework never sees the precompiled ones.</item>
    /// </list>
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        /// <summary>The engine assemblies that have precompiled copies, in dependency order.</summary>
        private static readonly string[] PrecompiledAssemblies = { "Deid.Dicom", "Deid" };

        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

        /// <inheritdoc/>
        public void OnImport()
        {
            Subscribe();
            // No warm-up runs here: compiling the engine on a pool thread during the import slowed the import by 10–45 ms and
            // raised a run's peak memory by ≈ 10 MB, and measured end to end (import and a 210-file replace, eight alternating
            // runs) it gained nothing, since a script's first batch starts at once; the precompiled copies are what saves time.
            LoadPrecompiled();
            // The adapter of the JObject sequence items is not named here but by the first item a runspace makes
            // (JsonItemBridge.EnsureAdapter): naming it loads Microsoft.PowerShell.Utility, a tenth of a second of every import.
        }

        /// <inheritdoc/>
        public void OnRemove(PSModuleInfo psModuleInfo) => Unsubscribe();

        // The resolver is the process's (AssemblyResolve is an AppDomain event), while imports are a runspace's: every runspace of
        // ForEach-Object -Parallel, a thread job or a service imports the module, and closing a runspace calls no OnRemove. So it
        // is subscribed once, on the first import, and only the last Remove-Module takes it away. A subscription per import
        // grew the event's list by one handler a runspace for the life of the process (1,002 after 1,000 closed runspaces,
        // each walked by every failed assembly load; QA 2026-12-07).
        private static readonly object SubscriptionLock = new object();
        private static int _imports;

        private static void Subscribe()
        {
            lock (SubscriptionLock)
            {
                if (_imports++ == 0) AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            }
        }

        private static void Unsubscribe()
        {
            lock (SubscriptionLock)
            {
                if (_imports > 0 && --_imports == 0) AppDomain.CurrentDomain.AssemblyResolve -= Resolve;
            }
        }

        /// <summary>The folder of precompiled images for this process, or null when none applies.</summary>
        internal static string? PrecompiledDirectory()
        {
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal)) return null;
            string? os = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
                : RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : null;
            string? arch = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                _ => null,
            };
            if (os == null || arch == null) return null;
            string dir = Path.Combine(ModuleDirectory, "ReadyToRun", os + "-" + arch);
            return Directory.Exists(dir) ? dir : null;
        }

        private static void LoadPrecompiled()
        {
            foreach (var name in PrecompiledAssemblies)
            {
                // Once a plain copy is bound (a second import, or a type already touched), the precompiled one must not be
                // loaded beside it: two assemblies of one name would give two DicomTag types.
                foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
                {
                    if (string.Equals(loaded.GetName().Name, name, StringComparison.Ordinal)) return;
                }
                string? image = PrecompiledImage(name);
                if (image == null) return;
                Assembly.LoadFrom(image);
            }
        }

        /// <summary>
        /// The precompiled image to load for the engine assembly <paramref name="name"/>, or null: none applies to this process,
        /// <paramref name="name"/> is not one of them, or the image is from another build than the plain assembly beside it.
        /// </summary>
        internal static string? PrecompiledImage(string name)
        {
            if (Array.IndexOf(PrecompiledAssemblies, name) < 0) return null;
            string? dir = Precompiled.Value;
            if (dir == null) return null;
            string image = Path.Combine(dir, name + ".dll");
            string plain = Path.Combine(ModuleDirectory, name + ".dll");
            uint? built = PeTimestamp(image);
            return built != null && built == PeTimestamp(plain) ? image : null;
        }

        /// <summary>
        /// The COFF header's TimeDateStamp of the PE file at <paramref name="path"/>, or null when there is no such file or it is
        /// no PE file. A deterministic build makes it a hash of the assembly's content, and the ReadyToRun compiler copies it from
        /// the assembly it compiles, so equal stamps say the precompiled copy is of this very build. The version in the assembly
        /// name says nothing here (every build is 0.1.0.0), and reading names cost the import 7 ms: AssemblyName.GetAssemblyName
        /// loads System.Reflection.Metadata, and PowerShell then loads the C# compiler's assemblies.
        /// </summary>
        internal static uint? PeTimestamp(string path)
        {
            var header = new byte[512];
            int length;
            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1))
                {
                    length = 0;
                    int n;
                    while (length < header.Length && (n = stream.Read(header, length, header.Length - length)) > 0) length += n;
                }
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }

            if (length < 0x40 || header[0] != (byte)'M' || header[1] != (byte)'Z') return null;
            int pe = (int)LittleEndian(header, 0x3C);
            if (pe < 0x40 || pe > length - 12) return null;
            if (header[pe] != (byte)'P' || header[pe + 1] != (byte)'E' || header[pe + 2] != 0 || header[pe + 3] != 0) return null;
            return LittleEndian(header, pe + 8);
        }

        private static uint LittleEndian(byte[] bytes, int at) =>
            (uint)(bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24));

        private static readonly Lazy<string?> Precompiled = new Lazy<string?>(PrecompiledDirectory);

        // Asked by whichever thread first needs an assembly the runtime cannot find: not only the pipeline's. The runtime's own
        // background threads (compiling code that names an engine type) asked for Deid.Dicom while OnImport was between
        // subscribing and loading the precompiled copies, in about two fresh imports of five, and got the plain ones: the
        // whole session then ran on the JIT. So an engine assembly resolves to its precompiled copy here too.
        internal static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string name = new AssemblyName(args.Name).Name ?? string.Empty;
            string candidate = PrecompiledImage(name) ?? Path.Combine(ModuleDirectory, name + ".dll");
            return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }
    }
}

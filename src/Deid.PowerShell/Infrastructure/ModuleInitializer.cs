using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace Deid.PowerShell
{
    /// <summary>
    /// Lets Windows PowerShell 5.1 (.NET Framework) bind the netstandard2.0 dependencies shipped beside the module
    /// (System.Memory, System.Buffers, System.Runtime.CompilerServices.Unsafe, System.Text.Encoding.CodePages, ...) whatever
    /// version another of them asks for: a module has no app.config for binding redirects. PowerShell 7 binds its in-box
    /// copies and never asks.
    /// </summary>
    public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? ".";

        /// <inheritdoc/>
        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

        /// <inheritdoc/>
        public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string name = new AssemblyName(args.Name).Name ?? string.Empty;
            string candidate = Path.Combine(ModuleDirectory, name + ".dll");
            return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }
    }
}

using System;
using System.Management.Automation;

namespace Deid.PowerShell
{
    /// <summary>
    /// A path parameter that names a file or folder to write or read (-OutputFolder, -CrosswalkPath, -KeyFile, -RelativeTo,
    /// an export's -Path...), resolved against the current location, refused when it is not on the file system.
    /// </summary>
    /// <remarks>
    /// Why: with the location at Env:, HKLM: or Cert:, PowerShell resolves a relative 'out' to a provider path ('out',
    /// 'HKEY_LOCAL_MACHINE\SOFTWARE\out') that .NET then took relative to the process's working folder — an elevated console's
    /// C:\Windows\System32 — so copies and the crosswalk that re-identifies them were written where nobody looks, without a word
    /// (QA F4). A path naming a file-system drive or an absolute path still works from any location.
    /// </remarks>
    internal static class FileSystemPath
    {
        /// <summary>
        /// The file-system path <paramref name="path"/> (given to <paramref name="parameter"/>) names; a terminating error through
        /// <paramref name="cmdlet"/> when it names another provider's item.
        /// </summary>
        public static string Resolve(PSCmdlet cmdlet, string path, string parameter)
        {
            string resolved = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
            if (!IsFileSystem(provider)) cmdlet.ThrowTerminatingError(NotOnFileSystem(path, parameter, provider));
            return resolved;
        }

        private static bool IsFileSystem(ProviderInfo provider) => string.Equals(provider.Name, "FileSystem", StringComparison.OrdinalIgnoreCase);

        private static ErrorRecord NotOnFileSystem(string path, string parameter, ProviderInfo provider) => new ErrorRecord(
            new ArgumentException($"-{parameter} '{path}' names an item of the {provider.Name} provider (the current location, or the drive it names, is not a file-system drive), where no file can be written or read. Give a path on a file-system drive: an absolute path, or one beginning with a drive such as C:\\ or ~, or Set-Location to a folder first."),
            "PathNotOnFileSystem", ErrorCategory.InvalidArgument, path);
    }
}

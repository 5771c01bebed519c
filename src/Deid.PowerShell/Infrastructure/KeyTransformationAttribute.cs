using System;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Security;

namespace Deid.PowerShell
{
    /// <summary>
    /// Lets -Key take a <see cref="SecureString"/> (from <c>Read-Host -AsSecureString</c> or a secret vault) as well as plain
    /// text: the secure form is opened here, at binding, into the key text the cmdlet hashes with, so a script never has to hold
    /// the secret as a literal. The key is never echoed: every message this attribute raises names the parameter and the type
    /// it was given, never the value, because error records end up in logs and transcripts.
    /// </summary>
    public sealed class KeyTransformationAttribute : ArgumentTransformationAttribute
    {
        /// <inheritdoc/>
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
            string key;
            // $null (say `-Key $env:DEID_KEY` with the variable unset) counts as empty, below.
            if (value == null) key = string.Empty;
            else if (value is SecureString secure) key = Reveal(secure);
            else if (value is string text) key = text;
            // Numbers and other plain values convert as PowerShell converts them. Anything else (a hashtable or object holding
            // the key, an array) would be turned into text such as "@{k=...}" and silently used as the key, or refused by the
            // binder in a message that may quote it; it is refused here naming only its type.
            else if (value is IConvertible) return inputData;
            else throw new ArgumentTransformationMetadataException($"-Key takes a string or a SecureString (Read-Host -AsSecureString), not {value.GetType().Name}.");

            // An empty key would silently mean "no key" (new UIDs that anyone holding an original UID can compute, or random
            // ones), the opposite of what -Key asks for; a key of spaces alone is what an unset variable padded by a template
            // gives, and no secret.
            if (key.Trim().Length == 0)
                throw new ArgumentTransformationMetadataException("-Key is empty (or only white space). Give the secret text or a SecureString, or use -KeyFile.");
            return key;
        }

        /// <summary>The text of <paramref name="secure"/>; the unmanaged copy it passes through is zeroed before it is freed.</summary>
        private static string Reveal(SecureString secure)
        {
            IntPtr buffer = IntPtr.Zero;
            try
            {
                buffer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                return Marshal.PtrToStringUni(buffer, secure.Length);
            }
            finally
            {
                if (buffer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(buffer);
            }
        }
    }
}
